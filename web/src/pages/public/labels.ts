/** API messages for citizens: field labels in place of API field names (no React here: tested in node). */
import { ApiError } from '../../api/client.ts';

/**
 * Replaces a trailing ": <path>" of an API message by " (<label>)" — "Thiếu hoặc sai kiểu dữ liệu (Họ và
 * tên)" — or drops it when the path has no label.
 */
export function withLabels(e: unknown, labels: Record<string, string>): unknown {
  if (!(e instanceof ApiError)) return e;
  const fix = (m: string, path: string | null) => {
    if (!path || !m.endsWith(`: ${path}`)) return m;
    const base = m.slice(0, -(path.length + 2));
    const label = labels[path];
    return label ? `${base} (${label})` : base;
  };
  return new ApiError(
    e.status,
    e.code,
    fix(e.messageVi, e.path),
    fix(e.messageEn, e.path),
    e.path,
    e.errors.map((it) => ({
      ...it,
      message: fix(it.message, it.path),
      ...(it.messageEn ? { messageEn: fix(it.messageEn, it.path) } : {}),
    })),
  );
}
