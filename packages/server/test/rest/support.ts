/** A REST response: status, headers and the parsed `{code, message, data}` envelope. */
export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  body: { code: number; message: string; data: T };
}

/** Calls `/api/v1` with plain `fetch`, as any non-TypeScript client would. */
export async function rest<T = any>(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RestResponse<T>> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Today and a date `days` ahead, as `YYYY-MM-DD` (UTC). */
export function dayRange(days = 0): { today: string; later: string } {
  const now = Date.now();
  return { today: new Date(now).toISOString().slice(0, 10), later: new Date(now + days * 86_400_000).toISOString().slice(0, 10) };
}
