export type NpmRun = {
  status: number | null;
  signal?: string | null;
  stderr?: string;
  error?: Error & { code?: string };
};
export function explainInstallFailure(what: string, result: NpmRun): string;
