/** Response headers documented the same way wherever they are set. */
export const ETAG = {
  ETag: { description: 'The version, quoted ("3"); send it back in If-Match to make a write conditional', schema: { type: 'string' } },
};
export const LOCATION = { Location: { description: 'Path of the created resource', schema: { type: 'string' } } };
