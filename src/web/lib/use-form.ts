import type { ChangeEvent } from 'react';
import { useCallback, useState } from 'react';

type Values = Record<string, string>;

/** Minimal controlled-form state: values, per-field errors, and props to spread on Mantine inputs. */
export function useForm<T extends Values>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const setValue = useCallback((name: keyof T & string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!(name in e)) return e;
      const { [name]: _removed, ...rest } = e;
      return rest;
    });
  }, []);

  const field = (name: keyof T & string) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValue(name, e.currentTarget.value),
  });

  /** Marks required fields that are empty; returns true when all are filled. */
  const requireFilled = (names: (keyof T & string)[], message: string): boolean => {
    const missing: Record<string, string> = {};
    for (const name of names) if (!values[name].trim()) missing[name] = message;
    setErrors(missing);
    return Object.keys(missing).length === 0;
  };

  const reset = () => {
    setValues(initial);
    setErrors({});
  };

  return { values, errors, setErrors, setValue, field, requireFilled, reset };
}
