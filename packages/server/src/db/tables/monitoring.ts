/** Tables of the monitoring module (filled by its migration). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MonitoringTables {}
