import { TRPCClientError } from '@trpc/client';
import { expect } from 'vitest';

/** Asserts that `call` fails with the tRPC code, the app code and (optionally) these field paths. */
export async function expectAppError(call: Promise<unknown>, code: string, appCode: string, fieldPaths?: string[]): Promise<TRPCClientError<any>> {
  let error: unknown;
  try {
    await call;
  } catch (err) {
    error = err;
  }
  expect(error, `expected ${code}/${appCode}`).toBeInstanceOf(TRPCClientError);
  const e = error as TRPCClientError<any>;
  expect({ code: e.data?.code, appCode: e.data?.appCode, message: e.message }).toMatchObject({ code, appCode });
  expect(e.data?.httpStatus).not.toBe(500);
  if (fieldPaths) expect(e.data?.fieldPaths).toEqual(expect.arrayContaining(fieldPaths));
  return e;
}
