/** What the simulator's control API answers, as far as the CLI reads it. */
export type IssuedServer = Readonly<{ serverId: string; serverName: string; p7m?: string; fileName?: string }>;
export type ServerSummary = Readonly<{ serverId: string; name: string; deviceCount: number; tokenState: string }>;
export type PortalAssignment = Readonly<{ assigned: string[]; unchanged: string[]; unknown: string[] }>;
export type PortalDevice = Readonly<{
  serial_number: string;
  model: string;
  description: string;
  os: string;
  order_number: string;
  server_id?: string;
  profile_status: string;
}>;
export type PowerOn = Readonly<{
  serial: string;
  pushed: boolean;
  profileUuid?: string;
  enrollUrl?: string;
  status?: number;
  error?: string;
}>;
