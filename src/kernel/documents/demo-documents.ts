/**
 * Demo documents of Quảng Ngãi's provincial Office, as pure data (no DB, no HTTP).
 *
 * Two groups:
 * - every document the seed report (9-month 2022 report of the Office) cites, with its number, date and
 *   summary as the report writes them. Those are citations (`citation: true`), stored as written — an
 *   impossible date keeps `date: null` — except the five committee documents that also assign demo
 *   tasks (1100/QĐ-UBND, 140/QĐ-UBND, 21/KH-UBND, 30/KH-UBND, 3340/UBND-NC), which we register;
 * - the directive documents of the committee and its chairman that assign the demo tasks
 *   (`src/modules/tasks/demo-ledger.ts`), dated 2021-11-12 → 2022-09-15. Their numbers, dates and
 *   summaries are a plausible reconstruction and say so in `note`; within each number series the numbers
 *   increase with the date and restart each year, consistently with the real documents of the seed.
 */

export interface DocumentSeed {
  /** As printed: '1100/QĐ-UBND', '3340/UBND-NC', '55/2021/QĐ-UBND', '306-QĐ/TU'. */
  numberSymbol: string;
  /** YYYY-MM-DD when valid, else null. */
  date: string | null;
  /** As the source writes it, e.g. '12/11/2021', '31/4/2019'. */
  dateAsWritten: string;
  /** Our agency code when the issuer is one of ours (UBND, CT, VP, SNV, …), else null. */
  issuerCode: string | null;
  issuerName: string;
  /** Trích yếu, Vietnamese. */
  summary: string;
  /** True = a citation of a document as the seed writes it (not registered by us). */
  citation: boolean;
  note?: string;
}

/** The date line as the province writes it: day always 2 digits, month 2 digits only for 1–2 (§6). */
export function writeDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const month = Number(m);
  return `${d}/${month < 3 ? String(month).padStart(2, '0') : String(month)}/${y}`;
}

/** Parses 'd/m/yyyy' into 'YYYY-MM-DD', or null when the date does not exist (e.g. '31/4/2019'). */
export function parseWrittenDate(written: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(written);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const UBND = 'UBND tỉnh Quảng Ngãi';
const CT = 'Chủ tịch UBND tỉnh';
const PCT = 'Phó Chủ tịch UBND tỉnh';
const VP = 'Văn phòng UBND tỉnh';
const CHUONG_TRINH =
  'Chương trình xây dựng chính quyền kiến tạo, phát triển, liêm chính, hành động, phục vụ Nhân dân';
const DEMO_NOTE =
  'Văn bản minh họa (dữ liệu demo): số, ngày và trích yếu được dựng lại, không phải văn bản thật.';
const INFERRED = 'Trích yếu suy ra từ ngữ cảnh của báo cáo nguồn.';

/** A document the seed report cites, with the date exactly as the report writes it. */
function cited(
  numberSymbol: string,
  dateAsWritten: string,
  issuerCode: string | null,
  issuerName: string,
  summary: string,
  note?: string,
): DocumentSeed {
  const d: DocumentSeed = {
    numberSymbol,
    date: parseWrittenDate(dateAsWritten),
    dateAsWritten,
    issuerCode,
    issuerName,
    summary,
    citation: true,
  };
  if (note) d.note = note;
  return d;
}

/** One of our registered documents (valid date, not a citation). */
function ours(
  numberSymbol: string,
  date: string,
  issuerCode: string,
  summary: string,
  note: string | undefined = DEMO_NOTE,
): DocumentSeed {
  const issuerName = issuerCode === 'UBND' ? UBND : issuerCode === 'CT' ? CT : PCT;
  const d: DocumentSeed = {
    numberSymbol,
    date,
    dateAsWritten: writeDate(date),
    issuerCode,
    issuerName,
    summary,
    citation: false,
  };
  if (note) d.note = note;
  return d;
}

/** Documents cited by the seed report that we do not register (citations, stored as written). */
function seedCitations(): DocumentSeed[] {
  return [
    cited('626/SNV-XDCQ', '25/4/2022', 'SNV', 'Sở Nội vụ', `Báo cáo định kỳ thực hiện ${CHUONG_TRINH}`),
    cited('923/SNV-XDCQ', '09/6/2022', 'SNV', 'Sở Nội vụ', `Báo cáo định kỳ thực hiện ${CHUONG_TRINH}`),
    cited('1472/SNV-XDCQ', '09/9/2022', 'SNV', 'Sở Nội vụ', `Báo cáo định kỳ thực hiện ${CHUONG_TRINH}`),
    cited(
      '28/KH-UBND',
      '21/02/2021',
      'CT',
      CT,
      'Kiểm tra hoạt động kiểm soát thủ tục hành chính năm 2022 trên địa bàn tỉnh',
      'Năm 2021 có thể là 2022: kế hoạch cho năm 2022, số 28 nằm giữa 21/KH-UBND ngày 28/01/2022 và 30/KH-UBND ngày 23/02/2022 — ghi như văn bản nguồn.',
    ),
    cited('810/KH-VP', '17/5/2022', 'VP', VP, `Kế hoạch thực hiện ${CHUONG_TRINH}`),
    cited('2152/KH-VP', '29/12/2021', 'VP', VP, 'Kế hoạch cải cách hành chính giai đoạn 2021 - 2025'),
    cited(
      '2153/KH-VP',
      '31/12/2021',
      'VP',
      VP,
      'Kế hoạch cải cách hành chính năm 2022',
      'Số 2153 mang ngày 31/12/2021, muộn hơn 2154/KH-VP ngày 29/12/2021 và 2156/KH-VP ngày 30/12/2021 — ghi như văn bản nguồn.',
    ),
    cited(
      '2154/KH-VP',
      '29/12/2021',
      'VP',
      VP,
      'Kế hoạch công tác phòng, chống tham nhũng, tiêu cực năm 2022',
    ),
    cited(
      '2156/KH-VP',
      '30/12/2021',
      'VP',
      VP,
      'Kế hoạch thực hiện nâng cao hiệu quả công tác dân vận trong tình hình mới',
    ),
    cited('181/KH-VP', '28/01/2022', 'VP', VP, 'Kế hoạch theo dõi tình hình thi hành pháp luật năm 2022'),
    cited(
      '193/KH-VP',
      '28/01/2022',
      'VP',
      VP,
      'Kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2022',
    ),
    cited('177/KH-VP', '27/01/2022', 'VP', VP, 'Kế hoạch chuyển đổi vị trí công tác năm 2022'),
    cited('337/KH-VP', '04/3/2022', 'VP', VP, 'Kế hoạch đào tạo, bồi dưỡng công chức, viên chức năm 2022'),
    cited(
      '495/KH-VP',
      '29/3/2022',
      'VP',
      VP,
      'Kế hoạch thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2022',
    ),
    cited(
      '347/KH-VP',
      '08/3/2022',
      'VP',
      VP,
      'Kế hoạch công tác kiểm soát thủ tục hành chính và cơ chế một cửa, một cửa liên thông năm 2022 tại Văn phòng UBND tỉnh',
    ),
    cited('394/KH-VP', '15/3/2022', 'VP', VP, 'Kế hoạch thực hành tiết kiệm, chống lãng phí năm 2022'),
    cited(
      '718/KH-VP',
      '06/5/2022',
      'VP',
      VP,
      'Kế hoạch về biên chế công chức và hợp đồng lao động',
      INFERRED,
    ),
    cited(
      '732/KH-VP',
      '06/5/2022',
      'VP',
      VP,
      'Kế hoạch rà soát thực hiện công tác quy hoạch cán bộ',
      INFERRED,
    ),
    cited(
      '1229/KH-VP',
      '20/7/2022',
      'VP',
      VP,
      'Kế hoạch cải thiện, nâng cao các chỉ số thành phần “Chi phí thời gian” năm 2022 và định hướng đến năm 2025',
    ),
    cited(
      '1247/KH-VP',
      '22/7/2022',
      'VP',
      VP,
      'Kế hoạch cải thiện, nâng cao chỉ số “Tính minh bạch” trên địa bàn tỉnh năm 2022 và định hướng đến năm 2025',
      'Văn bản nguồn viết “Tinh minh bạch”.',
    ),
    cited(
      '02/QĐ-VP',
      '04/01/2022',
      'VP',
      VP,
      'Ban hành Chương trình công tác năm 2022 của Văn phòng UBND tỉnh (cơ sở triển khai các nhiệm vụ cải cách hành chính)',
    ),
    cited(
      '07/QĐ-VP',
      '11/01/2022',
      'VP',
      VP,
      'Cử công chức làm đầu mối kiểm soát thủ tục hành chính của Văn phòng UBND tỉnh',
    ),
    cited(
      '54/QĐ-VP',
      '17/5/2022',
      'VP',
      VP,
      'Kiểm tra hoạt động kiểm soát thủ tục hành chính và việc tổ chức, hoạt động của Bộ phận Một cửa tại UBND một số xã, thị trấn trên địa bàn tỉnh Quảng Ngãi',
    ),
    cited(
      '55/QĐ-VP',
      '18/5/2022',
      'VP',
      VP,
      'Về công tác quy hoạch cán bộ của Văn phòng UBND tỉnh',
      INFERRED,
    ),
    cited(
      '248/QĐ-VP',
      '29/12/2021',
      'VP',
      VP,
      'Công bố công khai dự toán ngân sách năm 2022 của Văn phòng UBND tỉnh',
    ),
    cited(
      '264/QĐ-VP',
      '31/12/2021',
      'VP',
      VP,
      'Công bố công khai dự toán ngân sách năm 2022 của Văn phòng UBND tỉnh',
    ),
    cited(
      '265/QĐ-VP',
      '31/12/2021',
      'VP',
      VP,
      'Công bố công khai quyết toán ngân sách năm 2021 của Văn phòng UBND tỉnh',
      'Quyết toán năm 2021 công bố ngày 31/12/2021, trước khi kết thúc năm ngân sách — ghi như văn bản nguồn.',
    ),
    cited(
      '31/QĐ-VP',
      '31/4/2019',
      'VP',
      'Chánh Văn phòng UBND tỉnh',
      'Ban hành các quy định về những việc cán bộ, công chức, viên chức không được làm và Quy tắc ứng xử',
      'Ngày 31/4/2019 không tồn tại — ghi như văn bản nguồn.',
    ),
    cited(
      '81/QĐ-VP',
      '06/9/2016',
      'VP',
      VP,
      'Quy định trách nhiệm và xử lý trách nhiệm đối với người đứng đầu, cấp phó của người đứng đầu cơ quan, đơn vị thuộc diện Văn phòng UBND tỉnh quản lý trong việc thực hiện chức trách, nhiệm vụ được giao',
    ),
    cited(
      '123/VP-HCQT',
      '18/01/2022',
      'VP',
      VP,
      'Triển khai thực hiện các nội dung nhằm nâng cao chỉ số cải cách hành chính của Văn phòng UBND tỉnh',
    ),
    cited(
      '279/VP-HCQT',
      '23/02/2022',
      'VP',
      VP,
      'Triển khai thực hiện Công văn số 5614/BNV-VTLTNN ngày 09/11/2021 của Bộ Nội vụ về lưu trữ hồ sơ thủ tục hành chính điện tử',
    ),
    cited(
      '294/VP-HCQT',
      '25/02/2022',
      'VP',
      VP,
      'Tình hình tự chủ của đơn vị sự nghiệp công lập thuộc Văn phòng UBND tỉnh',
    ),
    cited(
      '348/VP-HCQT',
      '08/3/2022',
      'VP',
      VP,
      'Triển khai thực hiện kế hoạch cải cách hành chính năm 2022 và chế độ thông tin, báo cáo',
    ),
    cited(
      '1132/VP-HCQT',
      '30/6/2022',
      'VP',
      VP,
      'Đề nghị thẩm định dự thảo Đề án vị trí việc làm của Văn phòng UBND tỉnh',
    ),
    cited(
      '496/VP-TTHC',
      '30/3/2022',
      'VP',
      VP,
      'Đăng ký triển khai mô hình “Dân vận khéo” năm 2022 tại Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh và Ban Tiếp công dân tỉnh',
    ),
    cited(
      '1458/TTr-VP',
      '24/8/2022',
      'VP',
      VP,
      'Đề nghị ban hành Quyết định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Văn phòng UBND tỉnh',
    ),
    cited(
      '852/TTr-VP',
      '24/5/2022',
      'VP',
      VP,
      'Đề nghị phê duyệt rà soát, bổ sung quy hoạch cán bộ',
      INFERRED,
    ),
    cited(
      '499/BC-VP',
      '30/3/2022',
      'VP',
      VP,
      'Kết quả kê khai tài sản và kiểm soát việc kê khai tài sản tại Văn phòng UBND tỉnh',
    ),
    cited('5614/BNV-VTLTNN', '09/11/2021', null, 'Bộ Nội vụ', 'Lưu trữ hồ sơ thủ tục hành chính điện tử'),
    cited(
      '26/2015/NĐ-CP',
      '09/3/2015',
      null,
      'Chính phủ',
      'Quy định chế độ, chính sách đối với cán bộ không đủ điều kiện về tuổi tái cử, tái bổ nhiệm giữ các chức vụ, chức danh theo nhiệm kỳ trong cơ quan của Đảng Cộng sản Việt Nam, Nhà nước, tổ chức chính trị - xã hội',
    ),
    cited(
      '04/2015/NĐ-CP',
      '09/01/2015',
      null,
      'Chính phủ',
      'Về thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập',
    ),
    cited(
      '55/2021/QĐ-UBND',
      '15/10/2021',
      'UBND',
      UBND,
      'Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Văn phòng UBND tỉnh Quảng Ngãi',
    ),
    cited(
      '48/2021/QĐ-UBND',
      '22/9/2021',
      'UBND',
      UBND,
      'Về siết chặt kỷ luật, kỷ cương hành chính trong hoạt động công vụ',
      INFERRED,
    ),
    cited(
      '306-QĐ/TU',
      '25/5/2016',
      null,
      'Ban Thường vụ Tỉnh ủy',
      'Quy định trách nhiệm và xử lý trách nhiệm đối với người đứng đầu, cấp phó của người đứng đầu',
    ),
    cited(
      '869-CV/TU',
      '18/02/2022',
      null,
      'Ban Thường vụ Tỉnh ủy',
      'Triển khai công tác dân vận chính quyền năm 2022',
    ),
    cited(
      '1640/QĐ-UBND',
      '12/9/2016',
      'CT',
      CT,
      'Thành lập Tổ công tác của Chủ tịch UBND tỉnh kiểm tra việc thực hiện nhiệm vụ, kết luận, chỉ đạo của UBND tỉnh, Chủ tịch UBND tỉnh',
    ),
    cited(
      '730/QĐ-UBND',
      '14/5/2018',
      'CT',
      CT,
      'Thành lập lại Tổ công tác của Chủ tịch UBND tỉnh kiểm tra việc thực hiện nhiệm vụ, kết luận, chỉ đạo của UBND tỉnh, Chủ tịch UBND tỉnh (thay thế Quyết định số 1640/QĐ-UBND ngày 12/9/2016)',
    ),
  ];
}

/**
 * Directive documents that assign the demo tasks, in date order. The five seed documents among them are
 * real (number, date, issuer and subject from the seed); the others are demo.
 */
function directives(): DocumentSeed[] {
  return [
    // --- 2021 ---
    ours(
      '1100/QĐ-UBND',
      '2021-11-12',
      'UBND',
      `Ban hành ${CHUONG_TRINH}`,
      'Văn bản nguồn viết “liên chính”.',
    ),
    ours(
      '5742/UBND-KTTH',
      '2021-11-18',
      'PCT-TT',
      'Đẩy nhanh tiến độ thực hiện và giải ngân kế hoạch vốn đầu tư công năm 2021',
    ),
    ours(
      '19/CT-UBND',
      '2021-11-26',
      'CT',
      'Về thực hiện các biện pháp thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch COVID-19 trên địa bàn tỉnh',
    ),
    ours(
      '6051/UBND-NNTN',
      '2021-12-02',
      'PCT-NN',
      'Khắc phục hậu quả mưa lũ, sạt lở đất tháng 11/2021 trên địa bàn tỉnh',
    ),
    ours(
      '212/TB-UBND',
      '2021-12-08',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác bồi thường, giải phóng mặt bằng các dự án trọng điểm trong Khu kinh tế Dung Quất',
    ),
    ours(
      '6298/UBND-KGVX',
      '2021-12-15',
      'PCT-VX',
      'Triển khai tiêm vắc xin phòng COVID-19 liều bổ sung, liều nhắc lại trên địa bàn tỉnh',
    ),
    ours(
      '1251/QĐ-UBND',
      '2021-12-23',
      'UBND',
      'Giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2022',
    ),
    ours(
      '232/TB-UBND',
      '2021-12-27',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh tại phiên họp UBND tỉnh thường kỳ tháng 12 năm 2021',
    ),
    // --- 2022 ---
    ours(
      '01/CT-UBND',
      '2022-01-05',
      'CT',
      'Về tổ chức đón Tết Nguyên đán Nhâm Dần năm 2022 vui tươi, lành mạnh, an toàn, tiết kiệm',
    ),
    ours('152/UBND-KTTH', '2022-01-10', 'PCT-TT', 'Triển khai thực hiện kế hoạch đầu tư công năm 2022'),
    ours(
      '140/QĐ-UBND',
      '2022-01-28',
      'CT',
      'Ban hành Kế hoạch hoạt động kiểm soát thủ tục hành chính năm 2022 trên địa bàn tỉnh',
      '',
    ),
    ours(
      '21/KH-UBND',
      '2022-01-28',
      'CT',
      'Rà soát, đánh giá thủ tục hành chính năm 2022 trên địa bàn tỉnh',
      '',
    ),
    ours(
      '24/KH-UBND',
      '2022-02-10',
      'UBND',
      'Nâng cao Chỉ số cải cách hành chính, Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước và Chỉ số PAPI năm 2022',
    ),
    ours(
      '706/UBND-KTTH',
      '2022-02-15',
      'PCT-TT',
      'Triển khai thực hiện Nghị quyết số 01/NQ-CP ngày 08/01/2022 của Chính phủ về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2022',
    ),
    ours(
      '30/KH-UBND',
      '2022-02-23',
      'CT',
      'Truyền thông về hoạt động kiểm soát thủ tục hành chính năm 2022 trên địa bàn tỉnh',
      '',
    ),
    ours(
      '33/KH-UBND',
      '2022-03-01',
      'UBND',
      'Thực hiện Chương trình phục hồi và phát triển kinh tế - xã hội trên địa bàn tỉnh Quảng Ngãi',
    ),
    ours('262/QĐ-UBND', '2022-03-02', 'UBND', 'Ban hành Kế hoạch chuyển đổi số tỉnh Quảng Ngãi năm 2022'),
    ours(
      '05/CT-UBND',
      '2022-03-14',
      'CT',
      'Về tăng cường các giải pháp cấp bách chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định (IUU)',
    ),
    ours(
      '35/TB-UBND',
      '2022-03-18',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về tiến độ bồi thường, giải phóng mặt bằng Dự án đường bộ cao tốc Bắc - Nam phía Đông, đoạn Quảng Ngãi - Hoài Nhơn',
    ),
    ours(
      '07/CT-UBND',
      '2022-04-05',
      'CT',
      'Về tăng cường kỷ luật, kỷ cương hành chính; nâng cao chất lượng tham mưu và thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao',
    ),
    ours(
      '1693/UBND-KGVX',
      '2022-04-08',
      'PCT-VX',
      'Triển khai tiêm vắc xin phòng COVID-19 cho trẻ em từ 05 tuổi đến dưới 12 tuổi',
    ),
    ours(
      '58/KH-UBND',
      '2022-04-12',
      'UBND',
      'Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2022 trên địa bàn tỉnh',
    ),
    ours(
      '62/KH-UBND',
      '2022-04-20',
      'UBND',
      'Thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi năm 2022',
    ),
    ours(
      '2047/UBND-NC',
      '2022-04-26',
      'CT',
      'Tăng cường công tác tiếp công dân, giải quyết khiếu nại, tố cáo; giải quyết dứt điểm các vụ việc phức tạp, kéo dài',
    ),
    ours(
      '71/KH-UBND',
      '2022-05-05',
      'UBND',
      'Triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia (Đề án 06) năm 2022 trên địa bàn tỉnh',
    ),
    ours(
      '447/QĐ-UBND',
      '2022-05-06',
      'UBND',
      'Bãi bỏ, dừng thực hiện một số văn bản, biện pháp phòng, chống dịch COVID-19 không còn phù hợp trong giai đoạn mới',
    ),
    ours('09/CT-UBND', '2022-05-13', 'CT', 'Về công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2022'),
    ours(
      '2486/UBND-CNXD',
      '2022-05-20',
      'PCT-NN',
      'Tăng cường quản lý trật tự xây dựng và chất lượng công trình xây dựng trên địa bàn tỉnh',
    ),
    ours(
      '2591/UBND-KTTH',
      '2022-05-26',
      'PCT-TT',
      'Đẩy nhanh tiến độ giải ngân kế hoạch vốn đầu tư công năm 2022',
    ),
    ours('2907/UBND-KGVX', '2022-06-10', 'PCT-VX', 'Tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2022'),
    ours(
      '98/TB-UBND',
      '2022-06-17',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Ban Thường vụ Huyện ủy, UBND huyện Lý Sơn',
    ),
    ours(
      '3112/UBND-NC',
      '2022-06-24',
      'PCT-TT',
      'Khắc phục tồn tại, hạn chế qua kiểm tra hoạt động kiểm soát thủ tục hành chính và Bộ phận Một cửa cấp xã',
    ),
    ours('3340/UBND-NC', '2022-07-08', 'CT', `Thực hiện ${CHUONG_TRINH}`, ''),
    ours(
      '112/TB-UBND',
      '2022-07-14',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh tại phiên họp UBND tỉnh thường kỳ tháng 7 năm 2022',
    ),
    ours(
      '3605/UBND-NNTN',
      '2022-07-20',
      'PCT-NN',
      'Tăng cường quản lý hoạt động khai thác cát, sỏi lòng sông trên địa bàn tỉnh',
    ),
    ours(
      '13/CT-UBND',
      '2022-08-03',
      'CT',
      'Về chuẩn bị và triển khai thực hiện nhiệm vụ năm học 2022 - 2023',
    ),
    ours(
      '3958/UBND-KTTH',
      '2022-08-10',
      'PCT-TT',
      'Xây dựng dự toán ngân sách nhà nước năm 2023 và kế hoạch tài chính - ngân sách nhà nước 03 năm 2023 - 2025',
    ),
    ours(
      '4103/UBND-KTTH',
      '2022-08-18',
      'CT',
      'Điều chỉnh, dừng thực hiện một số nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao không còn phù hợp',
    ),
    ours(
      '128/TB-UBND',
      '2022-08-19',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh về tháo gỡ khó khăn, vướng mắc các dự án trong Khu kinh tế Dung Quất',
    ),
    ours(
      '4311/UBND-NNTN',
      '2022-08-29',
      'PCT-NN',
      'Chủ động phòng, chống thiên tai mùa mưa, bão năm 2022; bảo đảm an toàn hồ, đập',
    ),
    ours(
      '4426/UBND-KGVX',
      '2022-09-06',
      'PCT-VX',
      'Tăng cường các biện pháp phòng, chống dịch bệnh sốt xuất huyết',
    ),
    ours(
      '145/TB-UBND',
      '2022-09-09',
      'CT',
      'Kết luận của Chủ tịch UBND tỉnh tại buổi tiếp công dân định kỳ tháng 9 năm 2022',
    ),
  ];
}

/**
 * Every document the seed report cites (about 50) and the directive documents that assign the demo
 * tasks. A fresh array on every call; deterministic; strings in NFC.
 */
export function demoDocuments(): DocumentSeed[] {
  return [...directives(), ...seedCitations()].map((d) => ({
    ...d,
    summary: d.summary.normalize('NFC'),
    issuerName: d.issuerName.normalize('NFC'),
    ...(d.note ? { note: d.note.normalize('NFC') } : {}),
  }));
}
