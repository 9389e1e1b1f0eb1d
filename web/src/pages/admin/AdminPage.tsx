/** Quản trị (admin only): users, CSV import of users, XLSX import of tasks. */
import { Card, Result, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { UsersTab } from './UsersTab.tsx';
import { ImportUsersTab } from './ImportUsersTab.tsx';
import { ImportTasksTab } from './ImportTasksTab.tsx';

export default function AdminPage() {
  const { t } = useTranslation();
  const { admin } = useAuth();
  const [params, setParams] = useSearchParams();
  if (!admin) return <Result status="403" title="403" subTitle={t('errors.generic')} />;
  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('admin.title')}
      </Typography.Title>
      <Card size="small" className="mt">
        <Tabs
          activeKey={params.get('tab') ?? 'users'}
          onChange={(k) => setParams(k === 'users' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'users', label: t('admin.users'), children: <UsersTab /> },
            { key: 'import-users', label: t('admin.importUsers'), children: <ImportUsersTab /> },
            { key: 'import-tasks', label: t('admin.importTasks'), children: <ImportTasksTab /> },
          ]}
        />
      </Card>
    </div>
  );
}
