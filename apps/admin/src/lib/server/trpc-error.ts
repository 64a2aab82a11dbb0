/**
 * An error answer in the tRPC HTTP format with the superjson envelope the console's client
 * expects, one entry per procedure of a batched call, so the page shows `message` and `appCode`
 * as it does for the server's own errors.
 */
export function trpcErrorResponse(
  req: Request,
  status: number,
  code: string,
  appCode: string,
  message: string,
): Response {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.replace(/^\/trpc\/?/, '')).split(',');
  const error = {
    json: { message, code: -32000, data: { code, httpStatus: status, appCode, path: '' } },
  };
  const isBatch = url.searchParams.get('batch') === '1';
  const body = isBatch
    ? paths.map((path) => ({
        error: { json: { ...error.json, data: { ...error.json.data, path } } },
      }))
    : { error };
  return Response.json(body, { status });
}
