/**
 * The gateway's young generation stays small. V8 doubles its semi-spaces whenever a burst of
 * allocation survives (building the tool-search index over 1,424 tools is one) and never gives
 * that memory back: in the bench's setup (20 servers, 1,424 tools) the first search_tools
 * call took the gateway from 143 to 191 MiB RSS, nearly all of it young generation. V8 reads
 * --max-semi-space-size only at start, but it honours the growth factor at any time, so this
 * works from inside the process. bin/switchboard.js sets it before loading anything (module
 * loading alone grows the young generation by ~20 MiB); the desktop app calls this when its
 * gateway starts. Measured in the same setup: 132-136 MiB after the same calls, instead of 191,
 * for about 0.02 ms more gateway CPU per call (bench/gateway-bench.ts, back-to-back runs).
 */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
