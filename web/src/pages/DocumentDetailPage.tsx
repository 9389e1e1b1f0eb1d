/** One document: its facts (flagging citations and impossible dates) and the tasks it assigns. */
import { Alert, Breadcrumb, Card, Descriptions, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useAgencyMap, useDocument } from '../api/hooks.ts';
import { useErrorText } from '../lib/errors.ts';
import { TaskMiniTable } from '../components/TaskMiniTable.tsx';
import { DocDate } from './DocumentListPage.tsx';

export default function DocumentDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const errorText = useErrorText();
  const agencies = useAgencyMap();
  const q = useDocument(id);
  if (q.error) {
    const nf = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400);
    return (
      <Result
        status={nf ? '404' : 'warning'}
        title={nf ? '404' : t('common.loadError')}
        subTitle={errorText(q.error)}
        extra={<Link to="/documents">{t('documents.back')}</Link>}
      />
    );
  }
  const d = q.data;
  if (!d) return <Skeleton active className="page" paragraph={{ rows: 8 }} />;
  const issuer = d.issuerCode ? agencies.get(d.issuerCode) : undefined;
  return (
    <div className="page">
      <Breadcrumb
        items={[{ title: <Link to="/documents">{t('documents.back')}</Link> }, { title: d.numberSymbol }]}
      />
      <Typography.Title level={2} className="page-title mt-s">
        {d.numberSymbol}
      </Typography.Title>
      <Space wrap size={4}>
        {(en ? d.typeNameEn : d.typeName) && <Tag>{en ? d.typeNameEn : d.typeName}</Tag>}
        {d.citation && <Tag data-testid="doc-citation">{t('documents.citationTag')}</Tag>}
        {d.dateInvalid && (
          <Tag color="error" data-testid="doc-invalid-date">
            {t('documents.invalidDate')}
          </Tag>
        )}
      </Space>
      {d.dateInvalid && (
        <Alert
          className="mt"
          type="warning"
          showIcon
          title={t('documents.invalidDate')}
          description={t('documents.invalidDateHint', { date: d.dateAsWritten ?? '' })}
        />
      )}
      {d.citation && <Alert className="mt" type="info" showIcon title={t('documents.citationHint')} />}
      <Card size="small" className="mt">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 2 }}
          styles={{ label: { width: 170 } }}
          items={[
            { key: 'n', label: t('documents.numberSymbol'), children: d.numberSymbol },
            { key: 'd', label: t('documents.date'), children: <DocDate d={d} /> },
            ...(d.dateAsWritten && d.dateAsWritten !== d.date
              ? [{ key: 'dw', label: t('documents.dateAsWritten'), children: d.dateAsWritten }]
              : []),
            {
              key: 'i',
              label: t('documents.issuer'),
              children: issuer ? (
                <Link to={`/agencies/${encodeURIComponent(issuer.code)}`}>{d.issuerName ?? issuer.name}</Link>
              ) : (
                (d.issuerName ?? '—')
              ),
            },
            { key: 't', label: t('documents.type'), children: (en ? d.typeNameEn : d.typeName) ?? '—' },
            { key: 's', label: t('documents.summary'), span: 'filled', children: d.summary },
            ...(d.note
              ? [{ key: 'note', label: t('documents.note'), span: 'filled' as const, children: d.note }]
              : []),
            ...(d.hasFile
              ? [
                  {
                    key: 'f',
                    label: t('documents.file'),
                    children: (
                      <a href={`/api/documents/${d.id}/file`} download>
                        {d.fileName ?? 'file'}
                      </a>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" className="mt" title={t('documents.tasks')}>
        <TaskMiniTable
          query={{ document: d.id, from: '1900-01-01' }}
          showDocument={false}
          emptyText={t('documents.noTasks')}
          testId="document-tasks"
        />
      </Card>
    </div>
  );
}
