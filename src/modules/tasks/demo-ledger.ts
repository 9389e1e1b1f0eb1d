/**
 * Demo task ledger of Quảng Ngãi's provincial Office, 12/11/2021 → 15/09/2022, in the import format of
 * `POST /api/tasks/import`. Pure data, deterministic (own seeded PRNG; no Math.random, no Date.now).
 *
 * The 244 tasks come from the clauses of the directive documents in `demoDocuments()`; each clause
 * assigns one task per lead agency. Each task gets an outcome class (status × timeliness as of
 * 2022-09-15) so that the ledger reproduces the seed report's table, and a history whose dates alone
 * produce that class under the timeliness rule (REFERENCE §1): no stored label decides a cell.
 *
 * Seed table (12/11/2021 → 15/09/2022): 244 tasks; chờ tiếp nhận 77 (14 in time / 63 late); chưa hoàn
 * thành 15 (1 / 14); đã hoàn thành 120 (94 / 26); chờ kết thúc 24 (0 / 24). The 8 tasks the seed's rows
 * leave out (77+15+120+24 = 236) are stopped here: 2 on time, 3 overdue, 3 without a deadline.
 */
import { demoDocuments, writeDate } from '../../kernel/documents/demo-documents.ts';
import { mulberry32 } from '../../kernel/random.ts';

export interface TaskImportEvent {
  type:
    | 'received'
    | 'reported_done'
    | 'returned'
    | 'confirmed_done'
    | 'extension_requested'
    | 'extension_approved'
    | 'extension_refused'
    | 'stopped';
  /** 'YYYY-MM-DD' or an ISO datetime with offset. */
  at: string;
  /** With extension_approved: the new deadline. */
  deadline?: string;
  note?: string;
}

export interface TaskImportItem {
  ref: string;
  title: string;
  document: { number: string; date: string };
  clause?: string;
  assignedBy: 'committee' | 'chairman' | 'vice_chairman';
  leadAgency: string;
  cooperatingAgencies: string[];
  assignedAt: string;
  deadline: string | null;
  followUnit?: string;
  events: TaskImportEvent[];
}

/** First day of the seed report's window. */
export const LEDGER_FROM = '2021-11-12';
/** The report date T: the seed's figures are as of this day; no event is dated later. */
export const LEDGER_AS_OF = '2022-09-15';

// ------------------------------------------------------------------------------------------------
// Clauses of the directive documents: one task per lead agency.

interface Clause {
  doc: string;
  clause: string;
  title: string;
  leads: string[];
  coop?: string[];
  deadline: string | null;
  follow: string;
}

const ALL_DISTRICTS = [
  '522',
  '524',
  '525',
  '527',
  '528',
  '529',
  '530',
  '531',
  '532',
  '533',
  '534',
  '535',
  '536',
];
const COASTAL = ['522', '524', '533', '534', '536'];
const MOUNTAIN = ['525', '529', '530', '531', '535'];
const PMU = ['BQLDA-GT', 'BQLDA-DDCN', 'BQLDA-NN', 'BQLKKT'];

const C = (
  doc: string,
  clause: string,
  follow: string,
  leads: string[],
  deadline: string | null,
  title: string,
  coop: string[] = [],
): Clause => ({ doc, clause, follow, leads, deadline, title, coop });

// prettier-ignore
const CLAUSES: Clause[] = [
  // 1100/QĐ-UBND — the programme (Phụ lục: tasks of departments and of districts)
  C('1100/QĐ-UBND', 'Mục I.1 Phụ lục', 'VP-KTTH', ['SNV'], '2021-12-31', 'Tham mưu UBND tỉnh ban hành Kế hoạch cải cách hành chính năm 2022 của tỉnh', ['VP']),
  C('1100/QĐ-UBND', 'Mục I.2 Phụ lục', 'VP-KTTH', ['STTTT'], '2022-01-31', 'Tham mưu UBND tỉnh ban hành Kế hoạch chuyển đổi số tỉnh Quảng Ngãi năm 2022', ['VP']),
  C('1100/QĐ-UBND', 'Mục I.3 Phụ lục', 'VP-TTHC', ['VP'], '2022-06-30', 'Rà soát, tham mưu cắt giảm thời gian giải quyết và đơn giản hóa quy trình nội bộ giải quyết thủ tục hành chính', ['SNV', 'STP']),
  C('1100/QĐ-UBND', 'Mục I.4 Phụ lục', 'VP-KTTH', ['SKHDT'], '2022-02-28', 'Tham mưu Kế hoạch cải thiện, nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2022', ['VP']),
  C('1100/QĐ-UBND', 'Mục I.5 Phụ lục', 'VP-KTTH', ['VP'], '2022-03-31', 'Tham mưu UBND tỉnh kiện toàn Tổ công tác theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ, kết luận, chỉ đạo của UBND tỉnh, Chủ tịch UBND tỉnh', ['SNV']),
  C('1100/QĐ-UBND', 'Mục I.6 Phụ lục', 'VP-KTTH', ['SNV'], '2022-06-30', 'Tham mưu Kế hoạch tinh giản biên chế giai đoạn 2022 - 2026 của tỉnh'),
  C('1100/QĐ-UBND', 'Mục I.7 Phụ lục', 'VP-NC', ['TTT'], '2021-12-31', 'Xây dựng Kế hoạch thanh tra trách nhiệm thực hiện pháp luật về phòng, chống tham nhũng năm 2022'),
  C('1100/QĐ-UBND', 'Mục I.8 Phụ lục', 'VP-NC', ['STP'], '2022-01-31', 'Tham mưu Kế hoạch theo dõi tình hình thi hành pháp luật năm 2022 trên địa bàn tỉnh'),
  C('1100/QĐ-UBND', 'Mục I.9 Phụ lục', 'VP-KTTH', ['SNV'], '2022-06-30', 'Tham mưu quy định đánh giá, xếp loại cán bộ, công chức, viên chức theo kết quả, sản phẩm cụ thể'),
  C('1100/QĐ-UBND', 'Mục II.1 Phụ lục', 'VP-KTTH', ALL_DISTRICTS, '2021-12-31', 'Xây dựng, ban hành kế hoạch thực hiện Chương trình xây dựng chính quyền kiến tạo, phát triển, liêm chính, hành động, phục vụ Nhân dân tại địa phương'),
  // 5742/UBND-KTTH — disbursement of 2021 public investment
  C('5742/UBND-KTTH', 'điểm 1', 'VP-KTTH', PMU, '2022-01-31', 'Đẩy nhanh tiến độ thi công, nghiệm thu, thanh toán, giải ngân hết kế hoạch vốn đầu tư công năm 2021 được giao', ['SKHDT', 'KBNN']),
  C('5742/UBND-KTTH', 'điểm 2', 'VP-KTTH', ['SKHDT'], '2021-12-10', 'Tham mưu điều chuyển kế hoạch vốn đầu tư công năm 2021 từ dự án giải ngân chậm sang dự án có khả năng giải ngân tốt', ['STC']),
  C('5742/UBND-KTTH', 'điểm 3', 'VP-KTTH', ['STC'], '2022-02-15', 'Tổng hợp, báo cáo tình hình giải ngân vốn đầu tư công năm 2021 đến hết thời gian được phép giải ngân', ['KBNN']),
  // 19/CT-UBND — COVID-19, "thích ứng an toàn, linh hoạt" (continuing tasks, stopped by 447/QĐ-UBND)
  C('19/CT-UBND', 'điểm 1', 'VP-KGVX', ['SYT'], null, 'Thường xuyên đánh giá cấp độ dịch COVID-19, tham mưu điều chỉnh các biện pháp phòng, chống dịch phù hợp với từng cấp độ'),
  C('19/CT-UBND', 'điểm 2', 'VP-KGVX', ['SYT'], '2021-12-15', 'Xây dựng phương án bảo đảm năng lực thu dung, điều trị người mắc COVID-19 theo mô hình tháp 3 tầng'),
  C('19/CT-UBND', 'điểm 4', 'VP-KGVX', ['SCT'], null, 'Bảo đảm lưu thông hàng hóa, duy trì chuỗi cung ứng hàng hóa thiết yếu trong điều kiện có dịch'),
  C('19/CT-UBND', 'điểm 5', 'VP-KGVX', ['SLDTBXH'], null, 'Thường xuyên rà soát, hỗ trợ người lao động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19'),
  C('19/CT-UBND', 'điểm 6', 'VP-KGVX', ['522', '524', '534'], '2021-12-31', 'Kiện toàn, duy trì hoạt động của Tổ COVID cộng đồng; quản lý chặt chẽ người từ địa phương khác về địa bàn', ['SYT']),
  // 6051/UBND-NNTN — floods of November 2021
  C('6051/UBND-NNTN', 'điểm 1', 'VP-NNTN', ['525', '529', '530', '535'], '2021-12-20', 'Rà soát, di dời khẩn cấp các hộ dân ở vùng có nguy cơ sạt lở đất; báo cáo thiệt hại và nhu cầu hỗ trợ', ['SNNPTNT']),
  C('6051/UBND-NNTN', 'điểm 2', 'VP-NNTN', ['SNNPTNT'], '2021-12-31', 'Tổng hợp thiệt hại, tham mưu hỗ trợ giống cây trồng, vật nuôi để khôi phục sản xuất sau mưa lũ', ['STC']),
  C('6051/UBND-NNTN', 'điểm 3', 'VP-NNTN', ['SGTVT'], '2021-12-31', 'Khắc phục các điểm sạt lở trên các tuyến đường tỉnh, bảo đảm giao thông thông suốt'),
  // 212/TB-UBND — land clearance in Dung Quất
  C('212/TB-UBND', 'điểm 1', 'VP-CNXD', ['524'], '2022-03-31', 'Hoàn thành bồi thường, giải phóng mặt bằng phần diện tích còn lại của Dự án Khu liên hợp sản xuất gang thép Hòa Phát Dung Quất 2', ['BQLKKT', 'STNMT']),
  C('212/TB-UBND', 'điểm 2', 'VP-CNXD', ['BQLKKT'], '2022-06-30', 'Đẩy nhanh đầu tư xây dựng các khu tái định cư phục vụ di dời dân trong Khu kinh tế Dung Quất', ['SXD', '524']),
  C('212/TB-UBND', 'điểm 3', 'VP-CNXD', ['STNMT'], '2022-01-15', 'Hướng dẫn, thẩm định giá đất cụ thể làm căn cứ tính tiền bồi thường khi Nhà nước thu hồi đất'),
  C('212/TB-UBND', 'điểm 4', 'VP-CNXD', ['STC'], '2022-01-31', 'Thẩm định phương án bồi thường, hỗ trợ, tái định cư các dự án trong Khu kinh tế Dung Quất', ['STNMT']),
  // 6298/UBND-KGVX — booster doses
  C('6298/UBND-KGVX', 'điểm 1', 'VP-KGVX', ['SYT'], '2022-01-31', 'Xây dựng kế hoạch và tổ chức tiêm liều bổ sung, liều nhắc lại vắc xin phòng COVID-19 cho người từ 18 tuổi trở lên'),
  C('6298/UBND-KGVX', 'điểm 2', 'VP-KGVX', MOUNTAIN, '2022-01-31', 'Vận động, tổ chức tiêm đủ liều vắc xin phòng COVID-19 cho người dân vùng sâu, vùng xa', ['SYT']),
  // 1251/QĐ-UBND — 2022 targets and budget
  C('1251/QĐ-UBND', 'Điều 2', 'VP-KTTH', ['SKHDT'], '2022-07-10', 'Hướng dẫn, theo dõi việc thực hiện các chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2022; báo cáo kết quả 6 tháng đầu năm'),
  C('1251/QĐ-UBND', 'Điều 3', 'VP-KTTH', ['STC'], '2022-01-15', 'Hướng dẫn các đơn vị, địa phương tổ chức thực hiện dự toán ngân sách nhà nước năm 2022'),
  // 232/TB-UBND — monthly meeting, December 2021
  C('232/TB-UBND', 'điểm 1', 'VP-KTTH', ['STC'], '2022-01-10', 'Tham mưu phân bổ chi tiết phần dự toán chi ngân sách năm 2022 chưa phân bổ'),
  C('232/TB-UBND', 'điểm 2', 'VP-KTTH', ['SKHDT'], '2022-01-10', 'Tham mưu giao kế hoạch vốn đầu tư công năm 2022 chi tiết cho từng dự án'),
  C('232/TB-UBND', 'điểm 3', 'VP-KTTH', ['SCT'], '2022-01-25', 'Triển khai chương trình bình ổn thị trường, giá cả hàng hóa thiết yếu dịp Tết Nguyên đán Nhâm Dần 2022'),
  C('232/TB-UBND', 'điểm 4', 'VP-KTTH', ['SLDTBXH'], '2022-01-28', 'Tổ chức thăm, tặng quà Tết cho người có công với cách mạng, hộ nghèo, đối tượng bảo trợ xã hội'),
  // 01/CT-UBND — Tết Nhâm Dần
  C('01/CT-UBND', 'điểm 2', 'VP-KGVX', ['SVHTTDL'], '2022-01-31', 'Tổ chức các hoạt động văn hóa, văn nghệ mừng Đảng, mừng Xuân Nhâm Dần 2022 bảo đảm an toàn phòng, chống dịch'),
  C('01/CT-UBND', 'điểm 3', 'VP-KGVX', ['SYT'], '2022-02-06', 'Bảo đảm trực cấp cứu, khám chữa bệnh và phòng, chống dịch COVID-19 trong dịp Tết'),
  C('01/CT-UBND', 'điểm 5', 'VP-KGVX', ['SGTVT'], '2022-02-10', 'Bảo đảm trật tự, an toàn giao thông, phục vụ nhu cầu đi lại của Nhân dân trước, trong và sau Tết', ['CAT']),
  C('01/CT-UBND', 'điểm 6', 'VP-NNTN', ['SNNPTNT'], '2022-02-15', 'Chỉ đạo phòng, chống đói, rét cho cây trồng, vật nuôi; bảo đảm đủ nước tưới cho sản xuất vụ Đông Xuân'),
  // 152/UBND-KTTH — 2022 public investment
  C('152/UBND-KTTH', 'điểm 1', 'VP-KTTH', PMU, '2022-01-31', 'Lập kế hoạch giải ngân chi tiết theo từng tháng, quý đối với kế hoạch vốn đầu tư công năm 2022 được giao'),
  C('152/UBND-KTTH', 'điểm 2', 'VP-KTTH', ['522', '524', '534'], '2022-02-28', 'Giao kế hoạch vốn chi tiết và đẩy nhanh giải ngân nguồn vốn cân đối ngân sách địa phương phân cấp cho cấp huyện'),
  // 140/QĐ-UBND — control of administrative procedures 2022 (seed)
  C('140/QĐ-UBND', 'Mục II.1', 'VP-TTHC', ['SNNPTNT', 'STNMT', 'SGTVT', 'SLDTBXH'], '2022-06-30', 'Rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính, giấy tờ công dân thuộc phạm vi quản lý', ['VP']),
  C('140/QĐ-UBND', 'Mục II.2', 'VP-TTHC', ['STTTT'], '2022-06-30', 'Tích hợp, cung cấp dịch vụ công trực tuyến toàn trình, một phần trên Cổng Dịch vụ công quốc gia', ['VP']),
  // 21/KH-UBND — review and evaluation of procedures 2022 (seed)
  C('21/KH-UBND', 'Mục III.1', 'VP-TTHC', ['SCT', 'SXD', 'SYT', 'SKHDT', 'SVHTTDL', 'SKHCN'], '2022-08-31', 'Rà soát, đánh giá thủ tục hành chính theo danh mục được giao; báo cáo kết quả về Văn phòng UBND tỉnh'),
  // 24/KH-UBND — PAR index, SIPAS, PAPI
  C('24/KH-UBND', 'Mục III.1', 'VP-NC', ['SNV'], '2022-06-30', 'Tham mưu ban hành Bộ tiêu chí và tổ chức xác định Chỉ số cải cách hành chính của các sở, ban ngành, địa phương năm 2022'),
  C('24/KH-UBND', 'Mục III.2', 'VP-NC', ['STP', 'SKHCN', 'SCT', 'SVHTTDL', 'SLDTBXH'], '2022-06-30', 'Khắc phục các tiêu chí, tiêu chí thành phần bị trừ điểm trong Chỉ số cải cách hành chính năm 2021 thuộc lĩnh vực quản lý'),
  C('24/KH-UBND', 'Mục III.3', 'VP-NC', ['525', '530', '531'], '2022-06-30', 'Khắc phục hạn chế, nâng cao Chỉ số hài lòng của người dân, tổ chức (SIPAS) và Chỉ số PAPI tại địa phương'),
  // 706/UBND-KTTH — Government resolution 01/NQ-CP
  C('706/UBND-KTTH', 'điểm 1', 'VP-KTTH', ['SKHDT', 'STC', 'SCT', 'SNNPTNT', 'SXD', 'SGTVT', 'STNMT'], '2022-03-15', 'Xây dựng, ban hành chương trình hành động của ngành thực hiện Nghị quyết số 01/NQ-CP năm 2022 của Chính phủ'),
  // 30/KH-UBND — communication on procedures (seed)
  C('30/KH-UBND', 'Mục II.1', 'VP-TTHC', ['STTTT'], '2022-06-30', 'Chỉ đạo các cơ quan báo chí tuyên truyền về cải cách thủ tục hành chính và kết quả giải quyết thủ tục hành chính', ['DPTTH']),
  C('30/KH-UBND', 'Mục II.2', 'VP-TTHC', ['522', '527', '532'], '2022-06-30', 'Tuyên truyền, hướng dẫn người dân thực hiện thủ tục hành chính, dịch vụ công trực tuyến tại Bộ phận Một cửa cấp huyện, cấp xã'),
  // 33/KH-UBND — socio-economic recovery
  C('33/KH-UBND', 'Mục III.1', 'VP-KTTH', ['SKHDT'], '2022-03-20', 'Tổng hợp danh mục dự án đề xuất sử dụng nguồn vốn của Chương trình phục hồi và phát triển kinh tế - xã hội'),
  C('33/KH-UBND', 'Mục III.2', 'VP-KGVX', ['SLDTBXH'], '2022-06-30', 'Triển khai chính sách hỗ trợ người lao động quay trở lại thị trường lao động'),
  C('33/KH-UBND', 'Mục III.3', 'VP-KGVX', ['SVHTTDL'], '2022-04-15', 'Xây dựng kế hoạch kích cầu, mở cửa lại hoạt động du lịch an toàn'),
  C('33/KH-UBND', 'Mục III.4', 'VP-KTTH', ['SCT'], '2022-06-30', 'Hỗ trợ doanh nghiệp xúc tiến thương mại, kết nối tiêu thụ nông sản'),
  C('33/KH-UBND', 'Mục III.5', 'VP-KTTH', ['STC'], '2022-05-31', 'Tham mưu bố trí nguồn vốn đối ứng và chính sách hỗ trợ lãi suất theo Chương trình'),
  // 262/QĐ-UBND — digital transformation 2022
  C('262/QĐ-UBND', 'Mục IV.1', 'VP-KGVX', ['STTTT'], '2022-08-31', 'Triển khai Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP), kết nối các hệ thống thông tin dùng chung'),
  C('262/QĐ-UBND', 'Mục IV.2', 'VP-KGVX', ['SNV', 'SYT', 'SGDDT', 'STNMT'], '2022-08-31', 'Xây dựng cơ sở dữ liệu chuyên ngành và kết nối với Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh', ['STTTT']),
  C('262/QĐ-UBND', 'Mục IV.3', 'VP-TTHC', ['VP'], '2022-06-30', 'Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh; số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', ['STTTT']),
  // 05/CT-UBND — IUU fishing
  C('05/CT-UBND', 'điểm 1', 'VP-NNTN', ['SNNPTNT'], '2022-04-30', 'Cập nhật đầy đủ dữ liệu tàu cá vào Cơ sở dữ liệu nghề cá quốc gia (VNFishbase); xử lý dứt điểm tàu cá chưa lắp đặt thiết bị giám sát hành trình', ['BDBP']),
  C('05/CT-UBND', 'điểm 2', 'VP-NNTN', COASTAL, '2022-06-30', 'Quản lý chặt chẽ tàu cá trên địa bàn; ngăn chặn tàu cá, ngư dân vi phạm khai thác hải sản tại vùng biển nước ngoài', ['BDBP', 'SNNPTNT']),
  C('05/CT-UBND', 'điểm 4', 'VP-NNTN', ['STTTT'], '2022-05-31', 'Tuyên truyền, phổ biến quy định pháp luật về chống khai thác hải sản bất hợp pháp (IUU) đến cộng đồng ngư dân', ['DPTTH']),
  // 35/TB-UBND — North–South expressway, Quảng Ngãi – Hoài Nhơn section
  C('35/TB-UBND', 'điểm 1', 'VP-CNXD', ['528', '532', '533', '534'], '2022-06-30', 'Hoàn thành kiểm kê, lập phương án bồi thường, hỗ trợ và bàn giao mặt bằng Dự án đường bộ cao tốc Bắc - Nam phía Đông, đoạn Quảng Ngãi - Hoài Nhơn', ['SGTVT', 'STNMT']),
  C('35/TB-UBND', 'điểm 2', 'VP-CNXD', ['SXD'], '2022-05-31', 'Hướng dẫn, đẩy nhanh xây dựng các khu tái định cư phục vụ Dự án đường bộ cao tốc đoạn Quảng Ngãi - Hoài Nhơn', ['528', '532', '533', '534']),
  C('35/TB-UBND', 'điểm 3', 'VP-CNXD', ['STNMT'], '2022-04-30', 'Xác định nguồn vật liệu đất đắp; hướng dẫn thủ tục cấp phép khai thác mỏ vật liệu phục vụ Dự án'),
  // 07/CT-UBND — administrative discipline, follow-up of assigned tasks
  C('07/CT-UBND', 'điểm 1', 'VP-NC', ['SNV'], '2022-06-30', 'Tăng cường kiểm tra công vụ đột xuất việc chấp hành kỷ luật, kỷ cương hành chính; báo cáo kết quả'),
  C('07/CT-UBND', 'điểm 2', 'VP-KTTH', ['SGTVT', 'SXD', 'STNMT', 'SNNPTNT', 'SYT'], '2022-04-30', 'Rà soát, hoàn thành dứt điểm các nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao đã quá hạn; báo cáo rõ nguyên nhân, trách nhiệm'),
  C('07/CT-UBND', 'điểm 3', 'VP-KTTH', ['VP'], '2022-06-30', 'Tổng hợp, báo cáo định kỳ hằng tháng tình hình thực hiện nhiệm vụ được giao trên phần mềm Quản lý nhiệm vụ; tham mưu đôn đốc'),
  // 1693/UBND-KGVX — vaccination of children 5–11
  C('1693/UBND-KGVX', 'điểm 1', 'VP-KGVX', ['SYT'], '2022-04-30', 'Xây dựng kế hoạch và tổ chức tiêm vắc xin phòng COVID-19 an toàn cho trẻ em từ 05 tuổi đến dưới 12 tuổi', ['SGDDT']),
  C('1693/UBND-KGVX', 'điểm 2', 'VP-KGVX', ['SGDDT'], '2022-04-25', 'Phối hợp lập danh sách, vận động cha mẹ học sinh đồng ý cho trẻ tiêm vắc xin phòng COVID-19', ['SYT']),
  // 58/KH-UBND — new rural areas
  C('58/KH-UBND', 'Mục IV.1', 'VP-NNTN', ['SNNPTNT'], '2022-08-31', 'Hướng dẫn, thẩm định hồ sơ đề nghị xét, công nhận xã đạt chuẩn nông thôn mới, nông thôn mới nâng cao năm 2022'),
  C('58/KH-UBND', 'Mục IV.2', 'VP-NNTN', ['524', '527', '528', '532', '533'], '2022-07-31', 'Xây dựng kế hoạch và tập trung nguồn lực cho các xã phấn đấu đạt chuẩn nông thôn mới năm 2022; báo cáo tiến độ'),
  // 62/KH-UBND — ethnic-minority and mountain areas programme
  C('62/KH-UBND', 'Mục III.1', 'VP-KGVX', ['BDT'], '2022-05-31', 'Hướng dẫn, tổng hợp kế hoạch thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi năm 2022'),
  C('62/KH-UBND', 'Mục III.2', 'VP-KGVX', MOUNTAIN, '2022-08-31', 'Phân bổ, giao vốn chi tiết và tổ chức thực hiện các dự án thành phần của Chương trình năm 2022', ['BDT']),
  // 2047/UBND-NC — citizens' reception, complaints
  C('2047/UBND-NC', 'điểm 1', 'VP-BTCD', ['TTT'], '2022-06-30', 'Rà soát, tham mưu giải quyết dứt điểm các vụ việc khiếu nại, tố cáo đông người, phức tạp, kéo dài'),
  C('2047/UBND-NC', 'điểm 2', 'VP-BTCD', ['522', '524', '527', '528', '534'], '2022-05-31', 'Rà soát, giải quyết các vụ việc khiếu nại, tố cáo thuộc thẩm quyền; báo cáo kết quả về Thanh tra tỉnh', ['TTT']),
  C('2047/UBND-NC', 'điểm 3', 'VP-BTCD', ['STNMT'], '2022-06-15', 'Giải quyết các kiến nghị, tranh chấp về đất đai đã được Chủ tịch UBND tỉnh giao'),
  // 71/KH-UBND — Đề án 06 (population data)
  C('71/KH-UBND', 'Mục III.1', 'VP-TTHC', ['VP'], '2022-08-31', 'Tái cấu trúc quy trình, khai thác dữ liệu dân cư trong giải quyết thủ tục hành chính tại Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh', ['CAT', 'STTTT']),
  C('71/KH-UBND', 'Mục III.2', 'VP-TTHC', ['STTTT'], '2022-07-31', 'Kết nối Hệ thống thông tin giải quyết thủ tục hành chính tỉnh với Cơ sở dữ liệu quốc gia về dân cư', ['CAT']),
  C('71/KH-UBND', 'Mục III.3', 'VP-TTHC', ['SLDTBXH', 'SYT'], '2022-08-31', 'Ứng dụng dữ liệu dân cư, căn cước công dân gắn chíp trong giải quyết chế độ, chính sách thuộc lĩnh vực quản lý', ['CAT']),
  C('71/KH-UBND', 'Mục III.4', 'VP-TTHC', ['522', '534'], '2022-08-31', 'Triển khai dịch vụ công trực tuyến tích hợp dữ liệu dân cư tại Bộ phận Một cửa cấp huyện, cấp xã', ['CAT']),
  // 447/QĐ-UBND — end of COVID-19 emergency measures
  C('447/QĐ-UBND', 'Điều 2', 'VP-KGVX', ['SYT'], '2022-05-31', 'Tham mưu hướng dẫn các biện pháp phòng, chống dịch COVID-19 phù hợp với giai đoạn kiểm soát dịch bệnh'),
  // 09/CT-UBND — natural disasters 2022
  C('09/CT-UBND', 'điểm 1', 'VP-NNTN', ['SNNPTNT'], '2022-08-31', 'Rà soát, cập nhật phương án ứng phó thiên tai theo cấp độ rủi ro; kiểm tra an toàn các hồ chứa nước trước mùa mưa bão'),
  C('09/CT-UBND', 'điểm 2', 'VP-CNXD', ['SCT'], '2022-07-31', 'Kiểm tra phương án bảo đảm an toàn đập, hồ chứa thủy điện và việc thực hiện quy trình vận hành hồ chứa'),
  C('09/CT-UBND', 'điểm 3', 'VP-NNTN', ['522', '524', '529', '533', '534', '536'], '2022-06-30', 'Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn; xây dựng phương án sơ tán dân khi có thiên tai', ['BCHQS']),
  // 2486/UBND-CNXD — construction order
  C('2486/UBND-CNXD', 'điểm 1', 'VP-CNXD', ['SXD'], '2022-07-15', 'Kiểm tra, xử lý vi phạm trật tự xây dựng, chất lượng công trình trên địa bàn tỉnh; báo cáo kết quả'),
  C('2486/UBND-CNXD', 'điểm 2', 'VP-CNXD', ['522', '524', '534'], '2022-06-30', 'Chấn chỉnh tình trạng xây dựng không phép, sai phép; xử lý dứt điểm các công trình vi phạm'),
  // 2591/UBND-KTTH — disbursement of 2022 public investment
  C('2591/UBND-KTTH', 'điểm 1', 'VP-KTTH', PMU, '2022-06-15', 'Xây dựng kế hoạch giải ngân chi tiết theo tuần; báo cáo khó khăn, vướng mắc và đề xuất giải pháp'),
  C('2591/UBND-KTTH', 'điểm 2', 'VP-KTTH', ['SKHDT'], '2022-07-15', 'Tham mưu điều chỉnh kế hoạch vốn đầu tư công năm 2022 của các dự án chậm giải ngân', ['STC']),
  C('2591/UBND-KTTH', 'điểm 3', 'VP-KTTH', ['529', '530', '535'], '2022-06-30', 'Đẩy nhanh công tác bồi thường, giải phóng mặt bằng các dự án đầu tư công trên địa bàn'),
  // 2907/UBND-KGVX — upper-secondary graduation exam 2022
  C('2907/UBND-KGVX', 'điểm 1', 'VP-KGVX', ['SGDDT'], '2022-07-10', 'Tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2022 an toàn, nghiêm túc, đúng quy chế', ['CAT']),
  C('2907/UBND-KGVX', 'điểm 2', 'VP-KGVX', ['SYT'], '2022-07-08', 'Bảo đảm công tác y tế, phòng, chống dịch bệnh tại các điểm thi'),
  C('2907/UBND-KGVX', 'điểm 3', 'VP-KGVX', ['SCT'], '2022-07-08', 'Chỉ đạo bảo đảm cung cấp điện an toàn, liên tục trong thời gian tổ chức Kỳ thi'),
  // 98/TB-UBND — working visit to Lý Sơn
  C('98/TB-UBND', 'điểm 1', 'VP-KTTH', ['536'], '2022-08-31', 'Xây dựng Đề án phát triển du lịch bền vững huyện Lý Sơn; tăng cường quản lý quy hoạch, trật tự xây dựng', ['SVHTTDL']),
  C('98/TB-UBND', 'điểm 2', 'VP-CNXD', ['SCT'], '2022-08-31', 'Phối hợp Công ty Điện lực Quảng Ngãi nghiên cứu phương án cấp điện ổn định cho huyện Lý Sơn'),
  C('98/TB-UBND', 'điểm 3', 'VP-CNXD', ['SGTVT'], '2022-07-31', 'Rà soát, quản lý hoạt động vận tải hành khách tuyến Sa Kỳ - Lý Sơn, bảo đảm an toàn cho hành khách'),
  C('98/TB-UBND', 'điểm 4', 'VP-NNTN', ['SNNPTNT'], '2022-08-31', 'Hướng dẫn quản lý Khu bảo tồn biển Lý Sơn gắn với phát triển nghề cá bền vững', ['536']),
  // 3112/UBND-NC — after the Office's inspection of commune one-stop shops (54/QĐ-VP)
  C('3112/UBND-NC', 'điểm 1', 'VP-TTHC', ['524', '527', '528', '533', '534'], '2022-07-31', 'Chỉ đạo UBND cấp xã khắc phục tồn tại, hạn chế trong hoạt động kiểm soát thủ tục hành chính và Bộ phận Một cửa'),
  C('3112/UBND-NC', 'điểm 2', 'VP-TTHC', ['21175', '21412', '21481', '21052', '21238'], '2022-07-31', 'Chấn chỉnh việc niêm yết, công khai thủ tục hành chính và tiếp nhận, trả kết quả tại Bộ phận Một cửa; cập nhật đầy đủ hồ sơ lên hệ thống'),
  // 3340/UBND-NC — the programme, mid-year (seed)
  C('3340/UBND-NC', 'điểm 1', 'VP-NC', ['SNV'], '2022-08-31', 'Theo dõi, tổng hợp, đánh giá kết quả thực hiện Chương trình; báo cáo UBND tỉnh định kỳ 6 tháng, năm'),
  C('3340/UBND-NC', 'điểm 2', 'VP-NC', ['STTTT', 'SKHDT', 'STC', 'SNNPTNT', '522', '534'], '2022-09-15', 'Khắc phục hạn chế, đẩy nhanh các nhiệm vụ chậm tiến độ của Chương trình; báo cáo kết quả 9 tháng năm 2022 về Sở Nội vụ', ['SNV']),
  C('3340/UBND-NC', 'điểm 3', 'VP-KTTH', ['VP'], '2022-08-15', 'Tham mưu UBND tỉnh thành lập Tổ công tác theo dõi, đôn đốc, kiểm tra việc thực hiện các nhiệm vụ, kết luận của UBND tỉnh giao các sở, ban ngành', ['SNV']),
  // 112/TB-UBND — monthly meeting, July 2022
  C('112/TB-UBND', 'điểm 1', 'VP-KTTH', ['STC'], '2022-08-15', 'Tham mưu giải pháp tăng thu ngân sách, chống thất thu các tháng cuối năm 2022'),
  C('112/TB-UBND', 'điểm 2', 'VP-KTTH', ['SKHDT'], '2022-08-31', 'Tham mưu xây dựng Kế hoạch phát triển kinh tế - xã hội năm 2023'),
  C('112/TB-UBND', 'điểm 3', 'VP-KGVX', ['SLDTBXH'], '2022-07-27', 'Tổ chức các hoạt động kỷ niệm 75 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2022)'),
  C('112/TB-UBND', 'điểm 4', 'VP-NNTN', ['SNNPTNT'], '2022-08-31', 'Tổ chức phòng, chống bệnh viêm da nổi cục trên trâu, bò và bệnh dịch tả lợn châu Phi'),
  C('112/TB-UBND', 'điểm 5', 'VP-NNTN', ['STNMT'], '2022-08-31', 'Tham mưu kế hoạch đấu giá quyền sử dụng đất các khu đất đủ điều kiện để tăng thu ngân sách', ['STC']),
  // 3605/UBND-NNTN — river sand mining
  C('3605/UBND-NNTN', 'điểm 1', 'VP-NNTN', ['STNMT'], '2022-08-31', 'Kiểm tra, xử lý hoạt động khai thác cát, sỏi trái phép trên sông Trà Khúc, sông Vệ', ['CAT']),
  C('3605/UBND-NNTN', 'điểm 2', 'VP-NNTN', ['522', '527', '528', '532'], '2022-08-31', 'Quản lý chặt chẽ, ngăn chặn kịp thời hoạt động khai thác khoáng sản trái phép trên địa bàn'),
  // 13/CT-UBND — school year 2022–2023
  C('13/CT-UBND', 'điểm 1', 'VP-KGVX', ['SGDDT'], '2022-09-05', 'Bảo đảm đủ giáo viên, cơ sở vật chất, sách giáo khoa cho năm học 2022 - 2023'),
  C('13/CT-UBND', 'điểm 2', 'VP-KGVX', MOUNTAIN, '2022-09-05', 'Sửa chữa trường, lớp học; huy động trẻ em trong độ tuổi đến trường, nhất là ở vùng đồng bào dân tộc thiểu số'),
  C('13/CT-UBND', 'điểm 3', 'VP-KGVX', ['SYT'], '2022-09-10', 'Triển khai công tác y tế trường học và tiêm vắc xin cho học sinh trước năm học mới', ['SGDDT']),
  // 3958/UBND-KTTH — 2023 budget
  C('3958/UBND-KTTH', 'điểm 1', 'VP-KTTH', ['STC'], '2022-09-30', 'Hướng dẫn, tổng hợp dự toán ngân sách nhà nước năm 2023 và kế hoạch tài chính - ngân sách 03 năm 2023 - 2025'),
  C('3958/UBND-KTTH', 'điểm 2', 'VP-KTTH', ['SYT', 'SGDDT', 'SNNPTNT', 'SGTVT', 'SVHTTDL'], '2022-09-10', 'Lập dự toán ngân sách năm 2023 của ngành, gửi Sở Tài chính tổng hợp'),
  C('3958/UBND-KTTH', 'điểm 3', 'VP-KTTH', ['SKHDT'], '2022-09-20', 'Tham mưu dự kiến kế hoạch đầu tư công năm 2023'),
  // 4103/UBND-KTTH — adjusting and stopping tasks
  C('4103/UBND-KTTH', 'điểm 2', 'VP-KTTH', ['VP'], '2022-08-31', 'Cập nhật việc điều chỉnh, dừng thực hiện nhiệm vụ trên phần mềm Quản lý nhiệm vụ; thông báo đến các cơ quan liên quan'),
  // 128/TB-UBND — Dung Quất projects
  C('128/TB-UBND', 'điểm 1', 'VP-CNXD', ['BQLKKT'], '2022-09-15', 'Tham mưu tháo gỡ vướng mắc về đất đai, thủ tục đầu tư của các dự án trong Khu kinh tế Dung Quất', ['STNMT', 'SKHDT']),
  C('128/TB-UBND', 'điểm 2', 'VP-CNXD', ['524'], '2022-09-30', 'Hoàn thành bồi thường, bàn giao phần mặt bằng còn lại của Dự án Khu liên hợp sản xuất gang thép Hòa Phát Dung Quất 2', ['BQLKKT']),
  C('128/TB-UBND', 'điểm 3', 'VP-CNXD', ['STNMT'], '2022-10-15', 'Hoàn thiện thủ tục giao đất, cho thuê đất đối với các dự án đã đủ điều kiện'),
  // 4311/UBND-NNTN — storm season
  C('4311/UBND-NNTN', 'điểm 1', 'VP-NNTN', ['SNNPTNT'], '2022-09-20', 'Kiểm tra an toàn các hồ chứa thủy lợi; xây dựng phương án bảo vệ hạ du trong mùa mưa bão'),
  C('4311/UBND-NNTN', 'điểm 2', 'VP-NNTN', COASTAL, '2022-09-30', 'Hướng dẫn tàu thuyền neo đậu tránh trú bão; kiểm đếm, giữ liên lạc với tàu thuyền hoạt động trên biển', ['BDBP']),
  // 4426/UBND-KGVX — dengue
  C('4426/UBND-KGVX', 'điểm 1', 'VP-KGVX', ['SYT'], '2022-09-30', 'Giám sát, xử lý triệt để ổ dịch sốt xuất huyết; báo cáo tình hình dịch hằng tuần'),
  C('4426/UBND-KGVX', 'điểm 2', 'VP-KGVX', ['522', '528', '534'], '2022-09-25', 'Tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy phòng, chống sốt xuất huyết', ['SYT']),
  // 145/TB-UBND — citizens' reception of September 2022
  C('145/TB-UBND', 'điểm 1', 'VP-BTCD', ['524'], '2022-10-10', 'Xem xét, giải quyết kiến nghị của công dân xã Bình Đông về bồi thường, hỗ trợ khi Nhà nước thu hồi đất'),
  C('145/TB-UBND', 'điểm 2', 'VP-BTCD', ['STNMT'], '2022-10-10', 'Kiểm tra, trả lời kiến nghị của công dân về cấp giấy chứng nhận quyền sử dụng đất'),
  C('145/TB-UBND', 'điểm 3', 'VP-BTCD', ['21049'], '2022-09-30', 'Phối hợp xác minh nguồn gốc, quá trình sử dụng đất của hộ dân có kiến nghị', ['524']),
];

// ------------------------------------------------------------------------------------------------
// Outcome classes (status as of T × timeliness) and the seed's quotas.

type Outcome =
  'AR_on' | 'AR_over' | 'IP_on' | 'IP_over' | 'C_on' | 'C_over' | 'AC_over' | 'S_on' | 'S_over' | 'S_none';

const QUOTA: Record<Outcome, number> = {
  AR_on: 14,
  AR_over: 63,
  IP_on: 1,
  IP_over: 14,
  C_on: 94,
  C_over: 26,
  AC_over: 24,
  S_on: 2,
  S_over: 3,
  S_none: 3,
};

/** Documents that stop tasks, and the note written on the `stopped` event. */
const STOP_COVID = {
  date: '2022-05-06',
  note: 'Dừng thực hiện theo Quyết định số 447/QĐ-UBND ngày 06/5/2022 của UBND tỉnh',
};
const STOP_REVIEW = {
  date: '2022-08-18',
  note: 'Dừng thực hiện theo Công văn số 4103/UBND-KTTH ngày 18/8/2022 của Chủ tịch UBND tỉnh',
};

type Scenario = (t: Shell, r: Rng) => TaskImportEvent[];

interface Pin {
  outcome: Outcome;
  scenario?: Scenario;
}

const key = (doc: string, clause: string, lead: string) => `${doc}|${clause}|${lead}`;

/** Tasks whose outcome and history are fixed: the seed's own tasks and the edge cases. */
const PINS: Record<string, Pin> = {
  // The working-group task, at Mục I.5 of the programme and at point 3 of 3340/UBND-NC (seed, part II):
  // the Office proposes not to carry it out; it is still open on the report date.
  [key('1100/QĐ-UBND', 'Mục I.5 Phụ lục', 'VP')]: {
    outcome: 'IP_over',
    scenario: () => [
      ev('received', '2021-11-15'),
      ev(
        'extension_requested',
        '2022-03-28',
        'Đề nghị gia hạn đến 30/6/2022 để chờ quy định chức năng, nhiệm vụ mới của Văn phòng',
      ),
      ev('extension_approved', '2022-04-04', 'Chủ tịch UBND tỉnh đồng ý gia hạn đến 30/6/2022', '2022-06-30'),
    ],
  },
  [key('3340/UBND-NC', 'điểm 3', 'VP')]: {
    outcome: 'IP_over',
    scenario: () => [ev('received', '2022-07-11')],
  },
  // An extension approved after the task was already overdue: in progress, on time again.
  [key('3605/UBND-NNTN', 'điểm 1', 'STNMT')]: {
    outcome: 'IP_on',
    scenario: () => [
      ev('received', '2022-07-22'),
      ev(
        'extension_requested',
        '2022-09-05',
        'Đề nghị gia hạn đến 30/9/2022 để hoàn thành kiểm tra thực địa',
      ),
      ev('extension_approved', '2022-09-09', 'Chủ tịch UBND tỉnh đồng ý gia hạn đến 30/9/2022', '2022-09-30'),
    ],
  },
  // Reported exactly on the deadline day: on time.
  [key('2047/UBND-NC', 'điểm 1', 'TTT')]: {
    outcome: 'C_on',
    scenario: () => [
      ev('received', '2022-04-28'),
      ev('reported_done', '2022-06-30', 'Báo cáo kết quả đúng ngày hết hạn'),
      ev('confirmed_done', '2022-07-05T09:30:00+07:00', CONFIRM_NOTE),
    ],
  },
  // A Sunday deadline (20/3/2022) and a report on the Monday after: overdue.
  [key('33/KH-UBND', 'Mục III.1', 'SKHDT')]: {
    outcome: 'C_over',
    scenario: () => [
      ev('received', '2022-03-02'),
      ev('reported_done', '2022-03-21'),
      ev('confirmed_done', '2022-03-23', CONFIRM_NOTE),
    ],
  },
  // Reported on time, returned for more work, reported again after the deadline: overdue.
  [key('2591/UBND-KTTH', 'điểm 2', 'SKHDT')]: {
    outcome: 'C_over',
    scenario: () => [
      ev('received', '2022-05-27'),
      ev('reported_done', '2022-07-12'),
      ev('returned', '2022-07-14', 'Báo cáo chưa đủ danh mục dự án đề nghị điều chỉnh vốn; đề nghị bổ sung'),
      ev('reported_done', '2022-07-25'),
      ev('confirmed_done', '2022-08-02', CONFIRM_NOTE),
    ],
  },
  // Overdue, then an extension approved, then reported within the new deadline: on time.
  [key('35/TB-UBND', 'điểm 3', 'STNMT')]: {
    outcome: 'C_on',
    scenario: () => [
      ev('received', '2022-03-21'),
      ev(
        'extension_requested',
        '2022-05-04',
        'Đề nghị gia hạn đến 31/5/2022 do chờ kết quả khảo sát mỏ vật liệu',
      ),
      ev('extension_approved', '2022-05-10', 'Chủ tịch UBND tỉnh đồng ý gia hạn đến 31/5/2022', '2022-05-31'),
      ev('reported_done', '2022-05-27'),
      ev('confirmed_done', '2022-06-01', CONFIRM_NOTE),
    ],
  },
  // Several events on the same date.
  [key('1693/UBND-KGVX', 'điểm 2', 'SGDDT')]: {
    outcome: 'C_on',
    scenario: () => [
      ev('received', '2022-04-11'),
      ev('reported_done', '2022-04-22'),
      ev('confirmed_done', '2022-04-22', CONFIRM_NOTE),
    ],
  },
  // Deadline = the report date: still on time while awaiting receipt.
  [key('128/TB-UBND', 'điểm 1', 'BQLKKT')]: { outcome: 'AR_on', scenario: () => [] },
  // Stopped: continuing COVID-19 tasks (no deadline) and tasks no longer relevant.
  [key('19/CT-UBND', 'điểm 1', 'SYT')]: { outcome: 'S_none', scenario: (t, r) => stop(t, r, STOP_COVID) },
  [key('19/CT-UBND', 'điểm 4', 'SCT')]: { outcome: 'S_none', scenario: (t, r) => stop(t, r, STOP_COVID) },
  [key('19/CT-UBND', 'điểm 5', 'SLDTBXH')]: { outcome: 'S_none', scenario: (t, r) => stop(t, r, STOP_COVID) },
  [key('19/CT-UBND', 'điểm 6', '534')]: { outcome: 'S_over', scenario: (t, r) => stop(t, r, STOP_COVID) },
  [key('6298/UBND-KGVX', 'điểm 2', '530')]: {
    outcome: 'S_over',
    scenario: (t, r) => stop(t, r, STOP_REVIEW),
  },
  [key('6298/UBND-KGVX', 'điểm 2', '531')]: {
    outcome: 'S_over',
    scenario: (t, r) => stop(t, r, STOP_REVIEW),
  },
  [key('112/TB-UBND', 'điểm 5', 'STNMT')]: { outcome: 'S_on', scenario: (t, r) => stop(t, r, STOP_REVIEW) },
  [key('262/QĐ-UBND', 'Mục IV.2', 'STNMT')]: { outcome: 'S_on', scenario: (t, r) => stop(t, r, STOP_REVIEW) },
};

// ------------------------------------------------------------------------------------------------
// Dates and the PRNG.

const DAY_MS = 86_400_000;
const day = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const iso = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
const T = day(LEDGER_AS_OF);

/** FNV-1a hash of a string, to seed one PRNG per task (a task's history does not depend on the others). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Rng {
  next(): number;
  /** An integer in [lo, hi]; throws if the range is empty (a generator bug). */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
}

function rng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int(lo, hi) {
      if (hi < lo) throw new Error(`demo-ledger: empty range [${iso(lo)}, ${iso(hi)}]`);
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    pick(xs) {
      const x = xs[Math.floor(next() * xs.length)];
      if (x === undefined) throw new Error('demo-ledger: pick from an empty list');
      return x;
    },
  };
}

const SEED = 20220915;

// ------------------------------------------------------------------------------------------------
// Histories.

interface Shell {
  clause: Clause;
  lead: string;
  ref: string;
  assigned: number;
  deadline: number | null;
}

const CONFIRM_NOTE = 'Văn phòng UBND tỉnh xác nhận hoàn thành';

function ev(type: TaskImportEvent['type'], at: string, note?: string, deadline?: string): TaskImportEvent {
  const e: TaskImportEvent = { type, at };
  if (deadline) e.deadline = deadline;
  if (note) e.note = note;
  return e;
}

/** Some confirmations carry a time of day (Asia/Ho_Chi_Minh), as the tracking software records them. */
function confirmAt(d: number, r: Rng): string {
  if (r.next() < 0.3) {
    const hh = String(r.int(8, 16)).padStart(2, '0');
    const mm = r.pick(['00', '15', '30', '45']);
    return `${iso(d)}T${hh}:${mm}:00+07:00`;
  }
  return iso(d);
}

/** Day of receipt: a few days after assignment, sometimes late; never after `max`. */
function receiptDay(a: number, max: number, r: Rng): number {
  const delay = r.next() < 0.12 ? r.int(8, 25) : r.pick([0, 1, 1, 2, 2, 3, 3, 4, 5, 6]);
  return Math.max(a, Math.min(a + delay, max));
}

const requestNote = (d: number) => `Đề nghị gia hạn đến ${writeDate(iso(d))}`;
const approveNote = (d: number) => `Chủ tịch UBND tỉnh đồng ý gia hạn đến ${writeDate(iso(d))}`;
const REFUSE_NOTE = 'Không đồng ý gia hạn; đề nghị khẩn trương hoàn thành';
const RETURN_NOTES = [
  'Báo cáo chưa đầy đủ nội dung theo yêu cầu; đề nghị bổ sung, hoàn thiện',
  'Chưa có số liệu cụ thể; đề nghị báo cáo lại',
  'Kết quả chưa đạt yêu cầu của văn bản giao nhiệm vụ; đề nghị tiếp tục thực hiện',
];

function stop(t: Shell, r: Rng, s: { date: string; note: string }): TaskImportEvent[] {
  const sd = day(s.date);
  const out: TaskImportEvent[] = [];
  if (r.next() < 0.6) out.push(ev('received', iso(receiptDay(t.assigned, sd, r))));
  out.push(ev('stopped', s.date, s.note));
  return out;
}

/** Completed, reported by the deadline in force. */
function completedOnTime(t: Shell, r: Rng): TaskImportEvent[] {
  const a = t.assigned;
  const D = t.deadline!;
  const hi = Math.min(D, T - 1);
  const rv = receiptDay(a, hi, r);
  const out: TaskImportEvent[] = [ev('received', iso(rv))];
  const v = r.next();
  let rd: number;
  if (v < 0.12 && D - rv >= 6 && D + 14 <= T - 3) {
    // Extension requested and approved before the deadline; reported within the new one.
    const q = r.int(rv + 1, D - 2);
    const ap = r.int(q, Math.min(q + 4, D));
    const nd = D + r.int(14, 40);
    out.push(ev('extension_requested', iso(q), requestNote(nd)));
    out.push(ev('extension_approved', iso(ap), approveNote(nd), iso(nd)));
    rd = r.int(Math.max(ap, D - 3), Math.min(nd, T - 1));
  } else if (v < 0.22 && hi - rv >= 8) {
    // Reported, returned for more work, reported again in time.
    const rd1 = r.int(rv + 1, hi - 5);
    const ret = r.int(rd1 + 1, rd1 + 3);
    out.push(ev('reported_done', iso(rd1)));
    out.push(ev('returned', iso(ret), r.pick(RETURN_NOTES)));
    rd = r.int(ret + 1, hi);
  } else if (v < 0.3 && hi - rv >= 4) {
    // Extension requested and refused; reported in time anyway.
    const q = r.int(rv, hi - 3);
    const rf = r.int(q + 1, q + 2);
    out.push(ev('extension_requested', iso(q), requestNote(q + r.int(15, 30))));
    out.push(ev('extension_refused', iso(rf), REFUSE_NOTE));
    rd = r.int(rf, hi);
  } else {
    rd = rv + Math.floor((hi - rv) * (0.35 + 0.65 * r.next()));
  }
  out.push(ev('reported_done', iso(rd)));
  const c = Math.min(rd + r.pick([0, 1, 1, 2, 3, 4, 6, 8, 12]), T);
  out.push(ev('confirmed_done', confirmAt(c, r), CONFIRM_NOTE));
  return out;
}

/** A late report day in (after, T - 1]: mostly within a few weeks of the deadline. */
function lateDay(after: number, r: Rng, max = T - 1): number {
  const span = Math.min(max - after - 1, 45);
  return after + 1 + Math.floor(span * r.next() ** 1.5);
}

/** Completed, but reported after the deadline in force. */
function completedLate(t: Shell, r: Rng): TaskImportEvent[] {
  const a = t.assigned;
  const D = t.deadline!;
  const rv = receiptDay(a, T - 2, r);
  const out: TaskImportEvent[] = [ev('received', iso(rv))];
  let rd = Math.max(rv, lateDay(D, r));
  const v = r.next();
  if (v < 0.25 && rv <= D - 2) {
    const q = r.int(rv, D - 1);
    const rf = r.int(q + 1, Math.min(q + 5, rd));
    out.push(ev('extension_requested', iso(q), requestNote(D + r.int(15, 30))));
    out.push(ev('extension_refused', iso(rf), REFUSE_NOTE));
    rd = Math.max(rd, rf);
  } else if (v < 0.4 && rv <= D - 3) {
    // On time the first time, returned, late the second time.
    const rd1 = r.int(rv, D - 1);
    const ret = r.int(rd1 + 1, Math.min(rd1 + 4, D + 2));
    out.push(ev('reported_done', iso(rd1)));
    out.push(ev('returned', iso(ret), r.pick(RETURN_NOTES)));
    rd = Math.max(rd, ret, D + 1);
  } else if (v < 0.5 && rv <= D - 3 && D + 8 < T - 4) {
    // An extension approved, and still late against the new deadline.
    const q = r.int(rv, D - 1);
    const ap = r.int(q, D);
    const nd = D + r.int(5, Math.min(15, T - 4 - D - 1));
    out.push(ev('extension_requested', iso(q), requestNote(nd)));
    out.push(ev('extension_approved', iso(ap), approveNote(nd), iso(nd)));
    rd = Math.max(rv, lateDay(nd, r));
  }
  out.push(ev('reported_done', iso(rd)));
  const c = r.int(rd, Math.min(rd + 10, T));
  out.push(ev('confirmed_done', confirmAt(c, r), CONFIRM_NOTE));
  return out;
}

/** Reported after the deadline; the Office has not closed it yet. */
function awaitingClosureLate(t: Shell, r: Rng): TaskImportEvent[] {
  const a = t.assigned;
  const D = t.deadline!;
  const rv = receiptDay(a, T, r);
  const out: TaskImportEvent[] = [ev('received', iso(rv))];
  let rd = Math.max(rv, D + 1 + Math.floor(Math.min(T - D - 1, 40) * r.next()));
  const v = r.next();
  if (v < 0.25 && rv <= D - 2) {
    const rd1 = r.int(rv, D - 1);
    const ret = r.int(rd1 + 1, Math.min(rd1 + 5, rd));
    out.push(ev('reported_done', iso(rd1)));
    out.push(ev('returned', iso(ret), r.pick(RETURN_NOTES)));
    rd = Math.max(rd, ret);
  } else if (v < 0.45 && rv <= D - 2) {
    const q = r.int(rv, D - 1);
    const rf = r.int(q + 1, Math.min(q + 5, rd));
    out.push(ev('extension_requested', iso(q), requestNote(D + r.int(15, 30))));
    out.push(ev('extension_refused', iso(rf), REFUSE_NOTE));
    rd = Math.max(rd, rf);
  }
  out.push(ev('reported_done', iso(rd)));
  return out;
}

/** Received, not finished, deadline in force before T. */
function inProgressLate(t: Shell, r: Rng): TaskImportEvent[] {
  const a = t.assigned;
  const D = t.deadline!;
  const rv = receiptDay(a, T, r);
  const out: TaskImportEvent[] = [ev('received', iso(rv))];
  const v = r.next();
  if (v < 0.25 && rv <= T - 2) {
    const q = r.int(rv, T - 1);
    const rf = r.int(q, Math.min(q + 5, T));
    out.push(ev('extension_requested', iso(q), requestNote(Math.max(q, D) + r.int(15, 45))));
    out.push(ev('extension_refused', iso(rf), REFUSE_NOTE));
  } else if (v < 0.4 && rv <= T - 8 && Math.max(D, rv) + 1 <= T - 2) {
    // Extended once, and late again.
    const q = r.int(rv, Math.min(Math.max(D, rv), T - 8));
    const ap = r.int(q, q + 3);
    const nd = r.int(Math.max(D, ap) + 1, Math.min(Math.max(D, ap) + 40, T - 1));
    out.push(ev('extension_requested', iso(q), requestNote(nd)));
    out.push(ev('extension_approved', iso(ap), approveNote(nd), iso(nd)));
  } else if (v < 0.55 && rv <= T - 2) {
    const rd = r.int(rv, T - 1);
    const ret = r.int(rd, Math.min(rd + 5, T));
    out.push(ev('reported_done', iso(rd)));
    out.push(ev('returned', iso(ret), r.pick(RETURN_NOTES)));
  }
  return out;
}

const GENERATORS: Record<Outcome, Scenario> = {
  AR_on: () => [],
  AR_over: () => [],
  IP_on: () => {
    throw new Error('demo-ledger: IP_on is pinned only');
  },
  IP_over: inProgressLate,
  C_on: completedOnTime,
  C_over: completedLate,
  AC_over: awaitingClosureLate,
  S_on: () => {
    throw new Error('demo-ledger: stopped tasks are pinned only');
  },
  S_over: () => {
    throw new Error('demo-ledger: stopped tasks are pinned only');
  },
  S_none: () => {
    throw new Error('demo-ledger: stopped tasks are pinned only');
  },
};

// ------------------------------------------------------------------------------------------------
// Allocation of outcomes, then the items.

/** Weighted sampling without replacement of `n` shells from `pool` (mutates `pool`). */
function sample(pool: Shell[], n: number, weight: (s: Shell) => number, r: Rng): Shell[] {
  const out: Shell[] = [];
  for (let k = 0; k < n; k++) {
    const total = pool.reduce((acc, s) => acc + weight(s), 0);
    if (total <= 0) throw new Error('demo-ledger: not enough candidates for an outcome');
    let x = r.next() * total;
    let i = 0;
    for (; i < pool.length - 1; i++) {
      x -= weight(pool[i]!);
      if (x < 0) break;
    }
    out.push(...pool.splice(i, 1));
  }
  return out;
}

function allocate(shells: Shell[]): Map<Shell, Outcome> {
  const r = rng(SEED);
  const out = new Map<Shell, Outcome>();
  const left: Record<Outcome, number> = { ...QUOTA };
  const take = (s: Shell, o: Outcome) => {
    out.set(s, o);
    left[o]--;
  };
  for (const s of shells) {
    const pin = PINS[key(s.clause.doc, s.clause.clause, s.lead)];
    if (pin) take(s, pin.outcome);
  }
  const free = shells.filter((s) => !out.has(s));
  if (free.some((s) => s.deadline === null)) throw new Error('demo-ledger: unpinned task without deadline');
  // Deadline on or after T: the most recently assigned wait for receipt, the others are done early.
  const future = free.filter((s) => s.deadline! >= T).sort((x, y) => y.assigned - x.assigned);
  for (const s of future) take(s, left.AR_on > 0 ? 'AR_on' : 'C_on');
  // Deadline before T.
  const past = free.filter((s) => s.deadline! < T);
  const recent = (from: string) => (s: Shell) => (s.deadline! >= day(from) ? 1 : 0);
  for (const s of sample(
    past,
    left.AC_over,
    (s) => 1 + 4 * recent('2022-07-01')(s) + recent('2022-04-01')(s),
    r,
  ))
    take(s, 'AC_over');
  for (const s of sample(
    past,
    left.C_over,
    (s) => (s.deadline! <= T - 10 ? 1 + 2 * (1 - recent('2022-07-01')(s)) : 0),
    r,
  ))
    take(s, 'C_over');
  for (const s of sample(past, left.IP_over, () => 1, r)) take(s, 'IP_over');
  for (const s of sample(past, left.AR_over, (s) => 1 + recent('2022-05-01')(s), r)) take(s, 'AR_over');
  for (const s of past) take(s, 'C_on');
  for (const [o, n] of Object.entries(left)) {
    if (n !== 0) throw new Error(`demo-ledger: outcome ${o} is off by ${n}`);
  }
  return out;
}

function shells(): Shell[] {
  const docs = new Map(demoDocuments().map((d) => [d.numberSymbol, d]));
  const out: Shell[] = [];
  for (const c of CLAUSES) {
    const d = docs.get(c.doc);
    if (!d?.date) throw new Error(`demo-ledger: unknown document ${c.doc}`);
    for (const lead of c.leads) {
      out.push({
        clause: c,
        lead,
        ref: '',
        assigned: day(d.date),
        deadline: c.deadline === null ? null : day(c.deadline),
      });
    }
  }
  // Refs follow the assignment date (stable sort keeps the clause order within a day).
  out.sort((x, y) => x.assigned - y.assigned);
  out.forEach((s, i) => (s.ref = `QNG-NV-2022-${String(i + 1).padStart(4, '0')}`));
  return out;
}

function assignedBy(issuerCode: string | null): TaskImportItem['assignedBy'] {
  if (issuerCode === 'UBND') return 'committee';
  if (issuerCode === 'CT') return 'chairman';
  return 'vice_chairman';
}

/**
 * The 244 tasks the committee and its chairman assigned between 2021-11-12 and 2022-09-15, with their
 * histories up to 2022-09-15. Deterministic: two calls return deep-equal arrays.
 */
export function demoTaskLedger(): TaskImportItem[] {
  const docs = new Map(demoDocuments().map((d) => [d.numberSymbol, d]));
  const all = shells();
  const outcome = allocate(all);
  return all.map((s) => {
    const d = docs.get(s.clause.doc)!;
    const o = outcome.get(s)!;
    const r = rng(hash(s.ref) ^ SEED);
    const pin = PINS[key(s.clause.doc, s.clause.clause, s.lead)];
    const events = (pin?.scenario ?? GENERATORS[o])(s, r);
    const item: TaskImportItem = {
      ref: s.ref,
      title: s.clause.title.normalize('NFC'),
      document: { number: d.numberSymbol, date: d.date! },
      clause: s.clause.clause,
      assignedBy: assignedBy(d.issuerCode),
      leadAgency: s.lead,
      cooperatingAgencies: (s.clause.coop ?? []).filter((c) => c !== s.lead),
      assignedAt: d.date!,
      deadline: s.deadline === null ? null : iso(s.deadline),
      followUnit: s.clause.follow,
      events: events.map((e) => (e.note ? { ...e, note: e.note.normalize('NFC') } : { ...e })),
    };
    return item;
  });
}
