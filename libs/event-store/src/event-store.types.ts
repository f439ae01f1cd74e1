/** Who did it and in what chain of causes; stored with every event. */
export interface EventContext {
  /** The acting account (or `system:<process>` for timers and imports). */
  actor: string;
  /** Ties together everything one user action caused. */
  correlationId: string;
  /** The event or request that directly caused this one. */
  causationId?: string | null;
}

/** An event about to be appended. `occurredAt` is business time; recorded-at is set by the store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  occurredAt: Date;
  schemaVersion?: number;
}

export interface EventMetadata extends EventContext {
  recordedAt: string;
  [key: string]: unknown;
}

/** An event as stored: its identity in the stream and in the global log. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  streamId: string;
  streamType: string;
  /** 1-based position within the stream. */
  version: number;
  /** Position in the global log; unique, increasing, but not commit-ordered (see readAll). */
  globalPosition: number;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt: Date;
  recordedAt: Date;
}

export interface AppendResult {
  /** The stream's version after the append. */
  nextVersion: number;
  /** Global position of the last appended event. */
  lastPosition: number;
  events: RecordedEvent[];
}

/** `0` means "the stream must not exist yet". */
export type ExpectedVersion = number;

/** One stream's part of `appendToStreams`. */
export interface StreamAppend {
  streamId: string;
  streamType: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
  context: EventContext;
}
