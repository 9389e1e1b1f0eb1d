/**
 * Roles (vai trò) and the signed-in principal.
 * - `admin` — quản trị hệ thống: every action
 * - `office_leader` — lãnh đạo Văn phòng UBND tỉnh
 * - `office_specialist` — chuyên viên Văn phòng (follows tasks)
 * - `agency_leader` — lãnh đạo cơ quan, đơn vị (sở, ban, ngành, địa phương)
 * - `agency_staff` — cán bộ cơ quan, đơn vị
 * - `counter_staff` — công chức tiếp nhận, trả kết quả tại Bộ phận Một cửa (one-stop counter)
 * - `callcentre_staff` — điện thoại viên tổng đài (call-centre operator; phone intake)
 * - `processing_officer` — công chức xử lý hồ sơ của cơ quan giải quyết (per agency)
 * - `centre_leader` — lãnh đạo Trung tâm Phục vụ hành chính công (one-stop centre leader)
 * - `reception_officer` — cán bộ Ban Tiếp công dân (citizen reception, petition intake and handling)
 * - `reception_leader` — lãnh đạo Ban Tiếp công dân (reception board leader; grants identity access)
 * - `petition_handler` — cán bộ xử lý đơn của cơ quan (per agency; petitions forwarded to it)
 */
export const ROLES = [
  'admin',
  'office_leader',
  'office_specialist',
  'agency_leader',
  'agency_staff',
  'counter_staff',
  'callcentre_staff',
  'processing_officer',
  'centre_leader',
  'reception_officer',
  'reception_leader',
  'petition_handler',
] as const;
export type Role = (typeof ROLES)[number];

export const OFFICE_ROLES: readonly Role[] = ['admin', 'office_leader', 'office_specialist'];
export const AGENCY_ROLES: readonly Role[] = ['agency_leader', 'agency_staff'];

export interface Principal {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  agencyCode: string | null;
  mustChangePassword: boolean;
}

export const hasAnyRole = (p: Principal, roles: readonly Role[]) => p.roles.some((r) => roles.includes(r));
/** Office roles and admins see every task; agency roles only their agency's. */
export const seesAllAgencies = (p: Principal) => hasAnyRole(p, OFFICE_ROLES);
