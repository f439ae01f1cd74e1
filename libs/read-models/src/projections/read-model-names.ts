/** Checkpoint names of the projections: what a read names when it waits for a position (read your writes). */
export const READ_MODELS = {
  caseList: 'read-models.case-list',
  caseDetail: 'read-models.case-detail',
  caseSearch: 'read-models.case-search',
  caseFacts: 'read-models.case-facts',
  visits: 'read-models.visits',
} as const;
