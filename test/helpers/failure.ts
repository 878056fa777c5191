import { ApiError } from '../../src/api/errors.js';

/** The ApiError a call fails with; throws when it succeeds or fails otherwise. */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}
