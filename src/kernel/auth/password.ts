/** Password hashing with argon2id (@node-rs/argon2, OWASP-recommended parameters). */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A random password of 16 URL-safe characters. */
export const randomPassword = () => randomBytes(12).toString('base64url');

/** Minimum password policy: 10+ characters. Returns a Vietnamese/English message pair when too weak. */
export function passwordProblem(pw: string): [string, string] | null {
  if (pw.length < 10)
    return ['Mật khẩu phải có ít nhất 10 ký tự.', 'The password must have at least 10 characters.'];
  if (pw.length > 200) return ['Mật khẩu quá dài.', 'The password is too long.'];
  return null;
}
