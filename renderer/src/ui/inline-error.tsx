/** An engine error in words, next to what failed. */
import { Icon } from './icons.tsx';

export function InlineError({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p className="inline-error" role="alert" id={id}>
      <Icon name="alert" size={14} />
      <span>{message}</span>
    </p>
  );
}
