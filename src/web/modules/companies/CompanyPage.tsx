import { RecordPage } from '../customers/RecordPage';

/** One company's 360° page: profile, its contacts, timeline. */
export function CompanyPage() {
  return <RecordPage objectType="company" />;
}
