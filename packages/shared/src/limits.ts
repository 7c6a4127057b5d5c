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

/** Defaults of the files module; the server's configuration may change the byte limits. */
export const FILE_LIMITS = {
  /** Largest file by default (`PARTA_FILES_MAX_BYTES`), bytes. */
  maxBytes: 50 * 1024 * 1024,
  /** Files one message may carry. */
  perMessage: 10,
  /** Longest stored file name, characters (longer names are shortened, the extension kept). */
  nameMaxLength: 180,
  /** Longest side of a thumbnail, pixels. */
  thumbnailSide: 320,
} as const;
