import { RecordPage } from '../customers/RecordPage';

/** One contact's 360° page. */
export function ContactPage() {
  return <RecordPage objectType="contact" />;
}
