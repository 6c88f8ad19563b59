/** Server-related types, all derived from the contract. */
import type { EventPayload, MethodParams, MethodResult } from '../../../api/engine-api.ts';

export type ServerSummary = EventPayload<'servers:status-changed'>;
export type ServerStatus = ServerSummary['status'];
export type ServerState = ServerStatus['state'];
export type ToolView = MethodResult<'servers:tools'>[number];
export type ToolPolicy = ToolView['policy'];
export type ServerSettings = MethodResult<'servers:settings'>;
export type IsolationMode = ServerSettings['isolation'];
export type ServerConfigurePatch = Omit<MethodParams<'servers:configure'>, 'name'>;
export type ServerUpdatePatch = Omit<MethodParams<'servers:update'>, 'name'>;
export type ServerAction = 'start' | 'stop' | 'restart' | 'remove';
