// The URL of a group-version's OpenAPI v3 document at its current hash, as the /openapi/v3
// index and the 301 for a stale hash name it.
export const v3Url = (groupVersion: string, etag: string) => `/openapi/v3/${groupVersion}?hash=${etag}`;
