/** Users: create, edit roles and agency, disable/enable, reset password (shown once). */
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAgencyMap } from '../../api/hooks.ts';
import type { Role, User } from '../../api/types.ts';
import { ROLES } from '../../api/types.ts';
import { useAuth } from '../../auth.tsx';
import { fmtDateTime } from '../../lib/dates.ts';
import { useApiErrors } from '../../lib/errors.ts';
import { AgencySelect } from '../../components/inputs.tsx';

interface UserValues {
  username: string;
  displayName: string;
  email?: string;
  password?: string;
  roles: Role[];
  agencyCode?: string;
}

function UserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UserValues>();
  const { applyToForm } = useApiErrors();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const req = [{ required: true, message: t('common.required') }];
  const submit = async (v: UserValues) => {
    setBusy(true);
    try {
      if (user) {
        await api.patch(`/api/users/${user.id}`, {
          displayName: v.displayName,
          email: v.email?.trim() || null,
          roles: v.roles,
          agencyCode: v.agencyCode ?? null,
        });
        void message.success(t('admin.userUpdated', { username: user.username }));
      } else {
        await api.post('/api/users', {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          email: v.email?.trim() || null,
          password: v.password ?? '',
          roles: v.roles,
          agencyCode: v.agencyCode ?? null,
        });
        void message.success(t('admin.userCreated', { username: v.username }));
      }
      void qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (e) {
      applyToForm(form, e, ['username', 'displayName', 'email', 'password', 'roles', 'agencyCode']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={user ? t('admin.editUser', { username: user.username }) : t('admin.createUser')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<UserValues>
        form={form}
        layout="vertical"
        name="user"
        onFinish={submit}
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                email: user.email ?? undefined,
                roles: user.roles,
                agencyCode: user.agencyCode ?? undefined,
              }
            : { roles: ['agency_staff'] }
        }
      >
        <Form.Item name="username" label={t('admin.username')} rules={req}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.displayName')} rules={req}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('admin.email')}>
          <Input type="email" />
        </Form.Item>
        {!user && (
          <Form.Item
            name="password"
            label={t('admin.initialPassword')}
            rules={req}
            extra={t('admin.mustChange')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('admin.roles')} rules={req}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="agencyCode" label={t('admin.agency')}>
          <AgencySelect allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UsersTab() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { show } = useApiErrors();
  const { user: me } = useAuth();
  const agencies = useAgencyMap();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api.get<{ items: User[] }>('/api/users').then((r) => r.items),
  });

  const toggle = async (u: User) => {
    try {
      await api.patch(`/api/users/${u.id}`, { disabled: !u.disabled });
      void qc.invalidateQueries({ queryKey: ['users'] });
      void message.success(t('admin.userUpdated', { username: u.username }));
    } catch (e) {
      show(e);
    }
  };

  const reset = (u: User) => {
    modal.confirm({
      title: t('admin.resetPassword'),
      content: t('admin.resetConfirm', { username: u.username }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await api.post<{ password: string }>(`/api/users/${u.id}/reset-password`, {});
          modal.info({
            title: t('admin.newPasswordTitle', { username: u.username }),
            content: (
              <div>
                <p>{t('admin.newPasswordText')}</p>
                <Typography.Paragraph
                  copyable={{ text: r.password }}
                  className="password-once"
                  data-testid="new-password"
                >
                  {r.password}
                </Typography.Paragraph>
              </div>
            ),
            okText: t('common.close'),
          });
          void qc.invalidateQueries({ queryKey: ['users'] });
        } catch (e) {
          show(e);
        }
      },
    });
  };

  const columns: TableColumnsType<User> = [
    { title: t('admin.username'), dataIndex: 'username', render: (u: string) => <code>{u}</code> },
    { title: t('admin.displayName'), dataIndex: 'displayName' },
    {
      title: t('admin.roles'),
      dataIndex: 'roles',
      render: (roles: Role[]) => (
        <Space size={[2, 2]} wrap>
          {roles.map((r) => (
            <Tag key={r} color={r === 'admin' ? 'red' : r.startsWith('office') ? 'blue' : 'default'}>
              {t(`roles.${r}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('admin.agency'),
      dataIndex: 'agencyCode',
      render: (c: string | null) => (c ? (agencies.get(c)?.name ?? c) : '—'),
    },
    {
      title: t('admin.state'),
      key: 'state',
      width: 230,
      className: 'nowrap',
      render: (_: unknown, u) => (
        <Space size={4} wrap>
          <Switch
            size="small"
            checked={!u.disabled}
            disabled={u.id === me?.id}
            onChange={() => void toggle(u)}
            aria-label={`${u.disabled ? t('admin.enable') : t('admin.disable')} ${u.username}`}
          />
          <span>{u.disabled ? t('admin.disabled') : t('admin.active')}</span>
          {u.mustChangePassword && <Tag color="gold">{t('admin.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('admin.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      className: 'nowrap',
      render: (d: string) => fmtDateTime(d),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(u)}>
            {t('admin.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => reset(u)}>
            {t('admin.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space className="mb">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.createUser')}
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
      />
      {editing && <UserModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
