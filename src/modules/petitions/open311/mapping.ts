/**
 * Open311 GeoReport v2 mapping: our richer status → `open` | `closed` with `status_notes`, the request
 * object of `GET requests.json`, the error format `[{ code, description }]`, and wall-clock time in a named
 * zone (311 exports give local times without a zone).
 */
import { isoHcm } from '../../dossiers/fold.ts';

/**
 * Our statuses of a service request: `received` (tiếp nhận), `in_progress` (đang xử lý), `forwarded` (đã
 * chuyển cơ quan có thẩm quyền), `resolved` (đã xử lý xong), `closed` (kết thúc), `rejected` (không xử lý:
 * không thuộc thẩm quyền, nội dung không rõ…), `duplicate` (trùng phản ánh đã có).
 */
export const SR_STATUSES = [
  'received',
  'in_progress',
  'forwarded',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
] as const;
export type SrStatus = (typeof SR_STATUSES)[number];

const OPEN_SR = new Set<string>(['received', 'in_progress', 'forwarded']);
/** Petition statuses (src/modules/petitions) that are still open when a request became a petition. */
const OPEN_PETITION = new Set<string>(['received', 'accepted', 'forwarded', 'guided']);

/** Notes shown when the request has none of its own (Vietnamese, as citizens read them). */
const DEFAULT_NOTES: Record<string, string> = {
  received: 'Đã tiếp nhận phản ánh.',
  in_progress: 'Đang xem xét, xử lý.',
  forwarded: 'Đã chuyển đến cơ quan có thẩm quyền xử lý.',
  resolved: 'Đã xử lý xong.',
  closed: 'Đã kết thúc.',
  rejected: 'Không xử lý: không thuộc thẩm quyền hoặc không đủ thông tin.',
  duplicate: 'Trùng với phản ánh đã tiếp nhận trước đó.',
  // a request handled as a petition
  accepted: 'Đã thụ lý, đang giải quyết.',
  guided: 'Đã hướng dẫn người phản ánh đến cơ quan có thẩm quyền.',
  returned: 'Đã trả lại đơn.',
  filed: 'Đã lưu đơn.',
  withdrawn: 'Người phản ánh đã rút.',
  split: 'Đã tách thành các nội dung riêng.',
};

/** Open311 status of our status (or of the linked petition's status, which wins when present). */
export function open311Status(status: string, petitionStatus?: string | null): 'open' | 'closed' {
  if (petitionStatus) return OPEN_PETITION.has(petitionStatus) ? 'open' : 'closed';
  return OPEN_SR.has(status) ? 'open' : 'closed';
}

export interface ServiceRequestRow {
  code: string;
  serviceCode: string;
  serviceName: string | null;
  description: string | null;
  lat: number | null;
  long: number | null;
  addressString: string | null;
  status: string;
  statusNotes: string | null;
  agencyResponsible: string | null;
  requestedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  mediaUrl: string | null;
  petitionStatus?: string | null;
  /** the linked petition is confidential (a denunciation) */
  confidential?: boolean | null;
}

/** What the public feed shows of a request whose petition is confidential. */
export const CONFIDENTIAL_NOTE =
  'Nội dung phản ánh được bảo mật theo quy định về tố cáo / The content is confidential (denunciation rules).';

/** One request as GeoReport v2 `GET requests` returns it. No requester data: those live in party_identities. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** Maps a stored row; instants are ISO 8601 with `+07:00` (Asia/Ho_Chi_Minh). */
export function toOpen311Request(r: ServiceRequestRow): Open311Request {
  const effective = r.petitionStatus ?? r.status;
  // taken in as a denunciation (or a mixed petition): its text, place and photo are no longer public
  // (Luật Tố cáo 2018 Art 8 cl.3, Art 56 — they may identify the denouncer)
  if (r.confidential)
    return {
      ...toOpen311Request({ ...r, confidential: false }),
      description: CONFIDENTIAL_NOTE,
      address: null,
      lat: null,
      long: null,
      media_url: null,
    };
  return {
    service_request_id: r.code,
    status: open311Status(r.status, r.petitionStatus),
    status_notes: r.statusNotes ?? DEFAULT_NOTES[effective] ?? null,
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: r.agencyResponsible,
    service_notice: null,
    requested_datetime: isoHcm(r.requestedAt)!,
    updated_datetime: isoHcm(r.updatedAt)!,
    expected_datetime: isoHcm(r.expectedAt),
    address: r.addressString,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.mediaUrl,
  };
}

/** An Open311 error (body `[{ code, description }]`; the HTTP status is `code`). */
export class Open311Error extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
  toBody() {
    return [{ code: this.code, description: this.description }];
  }
}

const partsFmt = new Map<string, Intl.DateTimeFormat>();
function zoneOffsetMs(zone: string, utcMs: number): number {
  let f = partsFmt.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFmt.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant of a wall-clock time `YYYY-MM-DD HH:MM:SS` in an IANA zone (e.g. America/New_York, with its
 * daylight-saving rules). A time that does not exist (spring forward) is read with the offset before the
 * change; an ambiguous one (fall back) as the earlier instant. Returns null when the text is not such a time.
 */
export function zonedWallTimeToDate(text: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return null;
  // two passes settle the offset around a transition
  const off1 = zoneOffsetMs(zone, wall);
  let t = wall - off1;
  const off2 = zoneOffsetMs(zone, t);
  if (off2 !== off1) {
    const t2 = wall - off2;
    t = zoneOffsetMs(zone, t2) === off2 ? Math.min(t, t2) : t;
  }
  return new Date(t);
}
