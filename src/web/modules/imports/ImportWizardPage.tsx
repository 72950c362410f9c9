import { Anchor, Group, Stack, Stepper, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ImportProgress } from './ImportProgress';
import type { ColumnMapping, DedupPolicy, DryRun, ImportBatch, UploadedImport } from './imports.api';
import { MappingStep } from './MappingStep';
import { PolicyStep } from './PolicyStep';
import { PreviewStep } from './PreviewStep';
import { UploadStep } from './UploadStep';

/** The proposed mapping of an upload, as the run takes it. */
function initialMapping(upload: UploadedImport): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const column of upload.columns) if (column.field) mapping[String(column.index)] = column.field;
  return mapping;
}

/**
 * Import wizard: upload → map columns → check every row (dry run) → choose what happens to
 * duplicates → run with live progress → summary with rejected rows and undo.
 */
export function ImportWizardPage() {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<UploadedImport | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [policy, setPolicy] = useState<DedupPolicy>('skip');
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  // On a phone only the current step is named, so the steps fit on one line.
  const wide = useMediaQuery('(min-width: 48em)', true);
  const label = (index: number, key: string) =>
    wide || step === index ? t(`imports.steps.${key}`) : undefined;

  const restart = () => {
    setUpload(null);
    setDryRun(null);
    setBatch(null);
    setPolicy('skip');
    setStep(0);
  };

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Title order={2} size="h3">
          {t('imports.newTitle')}
        </Title>
        <Anchor component={Link} to="/imports" size="sm">
          <Group gap={4} wrap="nowrap">
            <IconHistory size={16} />
            {t('imports.history')}
          </Group>
        </Anchor>
      </Group>
      <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => !batch && setStep(s)}>
        <Stepper.Step label={label(0, 'upload')} aria-label={t('imports.steps.upload')}>
          <UploadStep
            onUploaded={(u) => {
              setUpload(u);
              setMapping(initialMapping(u));
              setDryRun(null);
              setStep(1);
            }}
          />
        </Stepper.Step>
        <Stepper.Step label={label(1, 'mapping')} aria-label={t('imports.steps.mapping')}>
          {upload && (
            <MappingStep
              upload={upload}
              mapping={mapping}
              onChange={(m) => {
                setMapping(m);
                setDryRun(null);
              }}
              onBack={() => setStep(0)}
              onNext={() => setStep(2)}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label={label(2, 'preview')} aria-label={t('imports.steps.preview')}>
          {upload && step === 2 && (
            <PreviewStep
              upload={upload}
              mapping={mapping}
              policy={policy}
              dryRun={dryRun}
              onChecked={setDryRun}
              onBack={() => setStep(1)}
              onNext={() => setStep(3)}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label={label(3, 'policy')} aria-label={t('imports.steps.policy')}>
          {upload && dryRun && (
            <PolicyStep
              id={upload.id}
              mapping={mapping}
              dryRun={dryRun}
              policy={policy}
              onChange={setPolicy}
              onBack={() => setStep(2)}
              onStarted={(b) => {
                setBatch(b);
                setStep(4);
              }}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label={label(4, 'run')} aria-label={t('imports.steps.run')}>
          {batch && <ImportProgress key={batch.id} initial={batch} onRestart={restart} />}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
