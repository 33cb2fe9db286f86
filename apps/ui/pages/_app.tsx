import React, { useState } from 'react';
import type { AppContext, AppProps } from 'next/app';
import App from 'next/app';
import Head from 'next/head';
import { useRouter } from 'next/router';
import { SessionProvider } from 'next-auth/react';
import { NextIntlClientProvider } from 'next-intl';
import { NextAdapter } from 'next-query-params';
import { QueryParamProvider } from 'use-query-params';
import { EuiProvider, type EuiThemeColorMode } from '@elastic/eui';
import {
  ConfirmationDialogContextWrapper,
  OrchestratorConfigProvider,
  StoreProvider,
  WfoAuth,
  WfoErrorMonitoringProvider,
  WfoPageTemplate,
  WfoToastsList,
  useGetTranslationMessages,
  type OrchestratorConfig,
} from '@orchestrator-ui/orchestrator-ui-components';
import { readUiConfig } from '../lib/ui-config';

type WfoAppProps = AppProps & { orchestratorConfig: OrchestratorConfig };

// The configuration comes from the server with the first page; client-side navigations reuse it.
let clientConfig: OrchestratorConfig | undefined;

function Translations({ children }: { children: React.ReactNode }) {
  const { locale } = useRouter();
  const messages = useGetTranslationMessages(locale);
  return (
    <NextIntlClientProvider locale={locale ?? 'en-GB'} messages={messages} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}

const appLogo = (height: number) => (
  <span style={{ fontWeight: 700, fontSize: 20, lineHeight: `${height}px`, paddingLeft: 8 }}>WFO</span>
);

export default function WfoApp({ Component, pageProps, orchestratorConfig }: WfoAppProps) {
  const [colorMode, setColorMode] = useState<EuiThemeColorMode>('LIGHT');
  clientConfig ??= orchestratorConfig;
  return (
    <SessionProvider session={pageProps.session}>
      <WfoErrorMonitoringProvider>
        <StoreProvider initialOrchestratorConfig={orchestratorConfig}>
          <OrchestratorConfigProvider initialOrchestratorConfig={orchestratorConfig}>
            <Translations>
              <EuiProvider colorMode={colorMode}>
                <Head>
                  <title>WFO</title>
                </Head>
                <QueryParamProvider adapter={NextAdapter}>
                  <WfoAuth>
                    <ConfirmationDialogContextWrapper>
                      <WfoPageTemplate getAppLogo={appLogo} colorMode={colorMode} setColorMode={setColorMode}>
                        <Component {...pageProps} />
                      </WfoPageTemplate>
                      <WfoToastsList />
                    </ConfirmationDialogContextWrapper>
                  </WfoAuth>
                </QueryParamProvider>
              </EuiProvider>
            </Translations>
          </OrchestratorConfigProvider>
        </StoreProvider>
      </WfoErrorMonitoringProvider>
    </SessionProvider>
  );
}

WfoApp.getInitialProps = async (context: AppContext) => {
  const appProps = await App.getInitialProps(context);
  const orchestratorConfig = context.ctx.req ? readUiConfig(context.ctx.req) : clientConfig;
  return { ...appProps, orchestratorConfig };
};
