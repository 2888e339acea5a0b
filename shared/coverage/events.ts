/** socket.io events of the command centre's coverage feed (issue 6 fills this in). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CoverageEvents {}
