/** 走访: one stream per visit (stream type `visit`), holding its one `VisitRecorded`. */
export const VISIT_STREAM_TYPE = 'visit';

export interface VisitRecordedData {
  visitId: string;
  enterpriseId: string;
  enterpriseName: string;
  gridCode: string;
  /** The visiting grid worker's account (the logged-in username). */
  visitor: string;
  summary: string;
  visitedAt: string;
}

export type VisitRecorded = { type: 'VisitRecorded'; data: VisitRecordedData };
