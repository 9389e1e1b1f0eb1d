/**
 * The Open311 service list (GeoReport v2 `services.json`): feedback categories (phản ánh, kiến nghị) of a
 * Vietnamese province, each with the department that handles it (`agency_responsible`) and a target in
 * calendar days (shown as `expected_datetime` = requested + target; a service level, not a statutory clock:
 * the statutory clocks of a feedback start when it is received as a petition — Luật Tiếp công dân Art 28,
 * 10 working days to answer — see src/modules/petitions).
 *
 * Imported 311 cases (e.g. Boston's CSV export) keep their own service codes (`BOS-…`, from the CSV `type`);
 * the list adds them, grouped "311 import", once such cases exist.
 */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface ServiceInfo extends Open311Service {
  /**
   * the handling body's agency code — the body in force today (since the 2025 mergers: Sở Xây dựng `SXD-2025`
   * took over Transport, Sở Nông nghiệp và Môi trường `SNNMT` took over Natural Resources and Environment);
   * a test checks every code is in force
   */
  agencyCode: string;
  /** target in calendar days from the request (service level), null = none */
  targetDays: number | null;
}

const s = (
  service_code: string,
  service_name: string,
  description: string,
  group: string,
  keywords: string,
  agencyCode: string,
  targetDays: number | null,
): ServiceInfo => ({
  service_code,
  service_name,
  description,
  metadata: false,
  type: 'realtime',
  keywords,
  group,
  agencyCode,
  targetDays,
});

/** Our services (codes stable; names in Vietnamese as shown to citizens). */
export const VN_SERVICES: readonly ServiceInfo[] = [
  s(
    'GT-DUONG',
    'Đường giao thông hư hỏng, ổ gà, sụt lún',
    'Mặt đường, cầu, cống hư hỏng gây mất an toàn giao thông.',
    'Giao thông',
    'ổ gà, sụt lún, đường hư, cầu yếu',
    'SXD-2025',
    10,
  ),
  s(
    'GT-DEN',
    'Đèn tín hiệu giao thông, biển báo hỏng',
    'Đèn tín hiệu không hoạt động, biển báo bị đổ, mất hoặc che khuất.',
    'Giao thông',
    'đèn giao thông, biển báo, vạch sơn',
    'SXD-2025',
    3,
  ),
  s(
    'DT-CHIEUSANG',
    'Đèn chiếu sáng công cộng không sáng',
    'Đèn đường, đèn công viên không sáng hoặc sáng ban ngày.',
    'Đô thị',
    'đèn đường, chiếu sáng',
    'SXD-2025',
    5,
  ),
  s(
    'DT-VIAHE',
    'Lấn chiếm lòng đường, vỉa hè',
    'Buôn bán, để vật liệu, xe cộ chiếm lòng đường, vỉa hè.',
    'Đô thị',
    'lấn chiếm, vỉa hè, lòng đường, họp chợ',
    'SXD-2025',
    7,
  ),
  s(
    'DT-CAYXANH',
    'Cây xanh gãy đổ, nguy hiểm',
    'Cây xanh nghiêng, gãy, đổ hoặc cần cắt tỉa.',
    'Đô thị',
    'cây đổ, cây gãy, cắt tỉa',
    'SXD-2025',
    3,
  ),
  s(
    'DT-THOATNUOC',
    'Ngập úng, cống thoát nước tắc',
    'Điểm ngập, hố ga mất nắp, cống tắc.',
    'Đô thị',
    'ngập, cống, hố ga, nắp cống',
    'SXD-2025',
    5,
  ),
  s(
    'MT-RAC',
    'Rác thải, vệ sinh môi trường',
    'Rác không được thu gom, đổ rác trái phép, điểm tập kết gây ô nhiễm.',
    'Môi trường',
    'rác, thu gom, bãi rác',
    'SNNMT',
    3,
  ),
  s(
    'MT-ONHIEM',
    'Ô nhiễm không khí, nước, tiếng ồn',
    'Khói, bụi, mùi hôi, nước thải, tiếng ồn từ cơ sở sản xuất, kinh doanh.',
    'Môi trường',
    'ô nhiễm, khói bụi, mùi hôi, nước thải, tiếng ồn',
    'SNNMT',
    15,
  ),
  s(
    'XD-TRAIPHEP',
    'Xây dựng trái phép, sai phép',
    'Công trình xây dựng không phép, sai phép, lấn chiếm.',
    'Xây dựng, đất đai',
    'xây dựng trái phép, sai phép',
    'SXD-2025',
    15,
  ),
  s(
    'DD-LANCHIEM',
    'Lấn chiếm đất công, đất đai',
    'Lấn chiếm đất công, sử dụng đất sai mục đích.',
    'Xây dựng, đất đai',
    'lấn chiếm đất, đất công',
    'SNNMT',
    30,
  ),
  s(
    'ANTT',
    'An ninh, trật tự công cộng',
    'Tụ tập gây rối, đua xe, karaoke gây ồn về đêm.',
    'An ninh trật tự',
    'gây rối, đua xe, karaoke, trật tự',
    'CAT',
    3,
  ),
  s(
    'ATTP',
    'An toàn thực phẩm',
    'Cơ sở kinh doanh thực phẩm mất vệ sinh, thực phẩm không rõ nguồn gốc.',
    'Y tế',
    'thực phẩm, ngộ độc, vệ sinh',
    'SYT',
    7,
  ),
  s(
    'YTE',
    'Y tế, dịch bệnh',
    'Dịch bệnh, cơ sở khám chữa bệnh, thái độ phục vụ ở bệnh viện.',
    'Y tế',
    'bệnh viện, dịch bệnh, khám chữa bệnh',
    'SYT',
    10,
  ),
  s(
    'CAPNUOC',
    'Cấp nước sinh hoạt',
    'Mất nước, nước bẩn, đường ống vỡ.',
    'Hạ tầng',
    'mất nước, nước sạch, vỡ ống',
    'SXD-2025',
    3,
  ),
  s(
    'TTHC',
    'Thủ tục hành chính, thái độ cán bộ',
    'Giải quyết thủ tục hành chính chậm, gây phiền hà, thái độ của cán bộ, công chức.',
    'Hành chính',
    'thủ tục, trễ hẹn, phiền hà, cán bộ',
    'VP-TTHC',
    10,
  ),
  s(
    'GD',
    'Giáo dục',
    'Trường lớp, thu chi, an toàn trường học.',
    'Giáo dục',
    'trường học, học phí, thu chi',
    'SGDDT',
    10,
  ),
  s(
    'KHAC',
    'Phản ánh, kiến nghị khác',
    'Các phản ánh, kiến nghị khác về hành chính và đời sống.',
    'Khác',
    'khác',
    'VP-BTCD',
    10,
  ),
];

const BY_CODE = new Map(VN_SERVICES.map((x) => [x.service_code, x]));

/** Our service by code, or undefined. */
export function serviceByCode(code: string): ServiceInfo | undefined {
  return BY_CODE.get(code);
}

/** Public view (GeoReport v2 fields only). */
export function publicService(x: Open311Service): Open311Service {
  return {
    service_code: x.service_code,
    service_name: x.service_name,
    description: x.description,
    metadata: x.metadata,
    type: x.type,
    keywords: x.keywords,
    group: x.group,
  };
}

/** The service code of an imported 311 case type: `BOS-` + the type folded to A–Z, 0–9 and dashes. */
export function importedServiceCode(prefix: string, type: string): string {
  const slug = type
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${slug || 'OTHER'}`.slice(0, 80);
}
