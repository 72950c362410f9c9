import { RecordListPage } from '../customers/RecordListPage';

/** Companies: search, filter builder, saved views, columns, bulk actions, inline edit. */
export function CompaniesListPage() {
  return <RecordListPage objectType="company" />;
}
