// Turns a failed npm run into the one line `npm start` ends with: what failed, in words, and what
// to do about it. npm's own lines stay above it for the details. Plain JavaScript (Node 20+).

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

const AGAIN = 'then run "npm start" again';

/** npm's `npm error code X` line, else an errno-style code anywhere in its output. */
function errorCode(stderr) {
  const npmCode = /npm (?:error|ERR!) code (\S+)/.exec(stderr)?.[1];
  if (npmCode) return npmCode;
  return /\b(E[A-Z0-9_]{3,})\b/.exec(stderr)?.[1];
}

/** The first URL npm names in its errors, without a query string. */
function firstUrl(stderr) {
  return /(https?:\/\/[^\s'"]+)/.exec(stderr)?.[1]?.replace(/\?.*$/, '');
}

/**
 * @param {string} what the command, e.g. "npm ci"
 * @param {{ status: number | null, signal?: string | null, stderr?: string, error?: Error & { code?: string } }} result
 * @returns {string}
 */
export function explainInstallFailure(what, result) {
  const stderr = result.stderr ?? '';
  if (result.error?.code === 'ENOENT')
    return `installing dependencies failed: npm was not found on PATH. Install Node.js 20 or newer with npm, ${AGAIN}.`;
  if (result.signal)
    return `installing dependencies was interrupted (${result.signal}): run "npm start" again to finish it.`;

  const code = errorCode(stderr);
  const url = firstUrl(stderr);
  const at = url ? ` (${url})` : '';
  if (code && NETWORK_CODES.has(code))
    return `installing dependencies failed: the npm registry could not be reached (${code}${url ? ` at ${new URL(url).origin}` : ''}). Check the network connection and any proxy (npm config get registry / proxy), ${AGAIN}.`;
  const http = /^E(\d{3})$/.exec(code ?? '')?.[1];
  if (http === '401' || http === '403')
    return `installing dependencies failed: the npm registry refused access (HTTP ${http}${at}). Check your npm login and registry settings (~/.npmrc), ${AGAIN}.`;
  if (http === '404')
    return `installing dependencies failed: a package was not found in the npm registry (HTTP 404${at}). Check the registry setting (npm config get registry), ${AGAIN}.`;
  if (http && Number(http) >= 500)
    return `installing dependencies failed: the npm registry answered with an error (HTTP ${http}${at}). It is usually brief: wait a minute, ${AGAIN}.`;
  if (http)
    return `installing dependencies failed: the npm registry answered HTTP ${http}${at}. ${capitalise(AGAIN)}.`;
  if (code === 'EINTEGRITY')
    return `installing dependencies failed: a downloaded package did not match its checksum. Run "npm cache verify", ${AGAIN}.`;
  if (code === 'ENOSPC')
    return `installing dependencies failed: the disk is full. Free some space, ${AGAIN}.`;
  if (code === 'EACCES' || code === 'EPERM')
    return `installing dependencies failed: permission denied (${code}) writing into the project or the npm cache. Fix the ownership of the folder named in the log above, ${AGAIN}.`;
  const last = stderr
    .split('\n')
    .map((line) => line.replace(/^npm (?:error|ERR!) ?/, '').trim())
    .filter((line) => line && !/^(code|errno|syscall|A complete log)/.test(line))
    .at(-1);
  return `installing dependencies failed: "${what}" exited with ${result.status}${last ? ` (${last})` : ''}. Fix what npm reports in the log named above, ${AGAIN}.`;
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
