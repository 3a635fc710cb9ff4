/**
 * The project's state: which step of which shot is queued, running, done or failed, the
 * results of finished steps, the takes of each shot and the editor's take choices. One small
 * interface so that a studio sharing a farm can move it to PostgreSQL with a new adapter
 * (sqlite-state-store.ts is the one we ship).
 *
 * Requests (added in SQLite schema 3 / PostgreSQL schema 2): every take the editor asks for (a
 * regen marker, `POST /api/shots/:id/regenerate`, a shot newly dropped into the cut) is a row,
 * stored before the service acknowledges it, so a restarted service finishes what a killed one
 * was asked and never makes a take twice. An adapter must: keep the first row for an id
 * (`addRequest` of a known id changes nothing and returns the stored row with `created: false`),
 * list rows in the order they were added, and apply `updateRequest` as one write.
 */
import type { PlanStepKind } from './plan-step.js';

/** The life of a job (one plan step). */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A job as recorded. */
export interface JobRecord {
  readonly key: string;
  readonly shotId: string;
  readonly kind: PlanStepKind;
  readonly state: JobState;
  /** The error message of a failed job. */
  readonly error: string | null;
  readonly updatedAt: string;
}

/** A finished step. */
export interface StepResultRecord {
  readonly key: string;
  readonly shotId: string;
  readonly kind: PlanStepKind;
  readonly file: string;
  readonly host: string;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** A completed chain of one shot: a take the editor can choose. */
export interface TakeRecord {
  readonly shotId: string;
  /** 1, 2, 3, ... per shot; `take-001` in the timeline. */
  readonly number: number;
  /** Key of the chain's last step (its picture). */
  readonly finalKey: string;
  readonly lookKey: string;
  /** The take's picture (in the cache). */
  readonly file: string;
  readonly frames: number;
  readonly fps: number;
  /** Source time (seconds) of the take's first frame: the clip's in-point when it was made. */
  readonly originSeconds: number;
  /** The still's prompt and seed, for the editor (the sidecars hold every parameter). */
  readonly prompt: string;
  readonly seed: number;
  readonly createdAt: string;
}

/** The editor's choice of take for a shot. */
export interface TakeChoice {
  readonly shotId: string;
  readonly number: number;
  /** How many takes the shot had when the editor chose; a newer take supersedes the choice. */
  readonly takesAtChoice: number;
}

/** Where a request came from. */
export type RequestSource = 'marker' | 'api' | 'new-shot';

/** The life of a request: `pending` until a take answers it (`done`) or its work fails. */
export type RequestState = 'pending' | 'done' | 'failed';

/** A take someone asked for. */
export interface RequestRecord {
  /** Unique per project, made by the caller (a marker's id is its identity on the shot). */
  readonly id: string;
  readonly shotId: string;
  readonly source: RequestSource;
  /** What was asked, as JSON text (a marker's position, name and note; the API's overrides). */
  readonly params: string;
  /** The regen offset the take is made with (varies the seed); fixed when the request is added. */
  readonly regen: number;
  readonly state: RequestState;
  /** Key of the take's chain once planned: a take with this key answers the request. */
  readonly finalKey: string | null;
  /** The take that answered it. */
  readonly takeNumber: number | null;
  /** Why its work failed. */
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A new request as the caller adds it (pending, nothing planned yet). */
export type NewRequest = Pick<
  RequestRecord,
  'id' | 'shotId' | 'source' | 'params' | 'regen' | 'createdAt'
>;

/** What {@link StateStore.updateRequest} sets (all of it, in one write). */
export type RequestChange = Pick<
  RequestRecord,
  'state' | 'finalKey' | 'takeNumber' | 'error' | 'updatedAt'
>;

/** The state store's port. Calls are synchronous (SQLite is local and fast). */
export interface StateStore {
  /** Sets a job's state (inserting it when new). */
  setJob(job: JobRecord): void;
  job(key: string): JobRecord | null;
  jobs(): JobRecord[];
  /** Jobs left `running` by a process that died go back to `queued`; returns how many. */
  requeueInterrupted(at: string): number;
  recordResult(result: StepResultRecord): void;
  result(key: string): StepResultRecord | null;
  /** Adds a take with the next number for its shot; a chain already a take returns that take. */
  addTake(take: Omit<TakeRecord, 'number'>): TakeRecord;
  takes(shotId: string): TakeRecord[];
  choice(shotId: string): TakeChoice | null;
  setChoice(choice: TakeChoice | null, shotId: string): void;
  /** The take key libero last wrote as active for a shot (to tell an editor's choice from an echo). */
  lastWrittenActive(shotId: string): string | null;
  setLastWrittenActive(shotId: string, key: string): void;
  /** The active key the editor's own timeline showed on the last pass (a change there is a choice). */
  lastSeenActive(shotId: string): string | null;
  setLastSeenActive(shotId: string, key: string): void;
  /** Stores a request unless its id is known; returns the stored row and whether it was new. */
  addRequest(request: NewRequest): { readonly request: RequestRecord; readonly created: boolean };
  request(id: string): RequestRecord | null;
  /** Requests in the order they were added, of one shot and/or one state (null: any). */
  requests(filter: { shotId: string | null; state: RequestState | null }): RequestRecord[];
  /** Sets a stored request's state, planned key, take and error; unknown ids are an error. */
  updateRequest(id: string, change: RequestChange): RequestRecord;
  close(): void;
}
