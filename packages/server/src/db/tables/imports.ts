/** Tables of the imports module (filled by its migration). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ImportsTables {}
