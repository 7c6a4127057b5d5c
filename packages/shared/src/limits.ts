/** Limits shared by server and clients; the server enforces, clients pre-check. */
export const LIMITS = {
  /** Largest JSON body the API accepts, bytes. */
  jsonBodyBytes: 1024 * 1024,
  passwordMinLength: 8,
  passwordMaxLength: 256,
  loginMaxLength: 254,
  nameMaxLength: 100,
  titleMaxLength: 200,
  pageSizeDefault: 50,
  pageSizeMax: 200,
  /** Longest message text, characters. */
  messageMaxLength: 4096,
  /** Largest WebSocket frame, bytes. */
  wsFrameBytes: 64 * 1024,
} as const;
