import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';

/** A bug in one page shows as a message with the error, never as a blank page; the header stays usable. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page failed', error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      return <ErrorMessage error={this.state.error} title="This page failed" onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
