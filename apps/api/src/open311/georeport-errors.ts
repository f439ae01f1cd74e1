/**
 * A GeoReport v2 error: the HTTP status (404 for what does not exist, 403 for a missing or wrong api_key,
 * 400 for anything else) and one description per problem, answered as `[{code, description}]` or
 * `<errors><error><code/><description/></error></errors>`.
 */
export class GeoReportError extends Error {
  readonly descriptions: string[];

  constructor(
    readonly status: number,
    descriptions: string | string[],
  ) {
    const list = Array.isArray(descriptions) ? descriptions : [descriptions];
    super(list.join('; '));
    this.descriptions = list;
  }
}

export const badRequest = (descriptions: string | string[]) => new GeoReportError(400, descriptions);
export const forbidden = (description: string) => new GeoReportError(403, description);
export const notFound = (description: string) => new GeoReportError(404, description);
