export function findPostgresBin(): string | null;
export function ensurePostgres(run: (cmd: string, args: string[], opts?: { env?: Record<string, string> }) => number): boolean;
export function startThrowawayPostgres(): Promise<{ url: string; stop(): void }>;
