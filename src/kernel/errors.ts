/**
 * Application errors. Every 4xx the API returns has the body
 * `{ "error": { "code", "message" (Vietnamese), "messageEn", "path" } }` (+ `errors[]` for lists).
 */
export interface ErrorItem {
  code: string;
  message: string;
  messageEn?: string;
  path: string | null;
  index?: number;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly path: string | null = null,
    readonly errors?: ErrorItem[],
  ) {
    super(messageEn);
  }

  toBody() {
    return {
      error: { code: this.code, message: this.messageVi, messageEn: this.messageEn, path: this.path },
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (code: string, vi: string, en: string, path: string | null = null) =>
  new AppError(400, code, vi, en, path);
/** 404 for a thing named "vietnamese / english" (e.g. 'nhiệm vụ / task'). */
export const notFound = (what: string, path: string | null = null) => {
  const [vi, en] = what.includes(' / ') ? what.split(' / ') : [what, what];
  const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
  return new AppError(404, 'not_found', `Không tìm thấy ${vi}.`, `${cap(en!)} not found.`, path);
};
export const forbidden = (
  vi = 'Bạn không có quyền thực hiện thao tác này.',
  en = 'You are not allowed to do this.',
) => new AppError(403, 'forbidden', vi, en);
export const conflict = (code: string, vi: string, en: string, path: string | null = null) =>
  new AppError(409, code, vi, en, path);
export const unprocessable = (code: string, vi: string, en: string, path: string | null = null) =>
  new AppError(422, code, vi, en, path);
