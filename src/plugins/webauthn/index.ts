// The webauthn plugin (fd-plugins.md §2.13): only its settings on the configuration entry (fdWebauthnPluginConf),
// read by src/services/secondFactor/SecondFactors.ts. The users' factors are managed through the second-factor routes
// (src/http/ui-api/secondFactorApi.ts), never through a tab: fdTOTPTokens holds secrets. See docs/second-factors.md.
import type { PluginManifest, TabDecl } from '../../model/declarations.ts';
import { en, fr } from './messages.ts';

/** Attestation formats FusionDirectory offers (its `fdWebauthnFormats` choices). */
export const WEBAUTHN_FORMATS = ['android-key', 'android-safetynet', 'fido-u2f', 'packed', 'none'] as const;
export const DEFAULT_WEBAUTHN_FORMATS = ['android-key', 'fido-u2f', 'packed'];
export const TOTP_DIGESTS = ['sha1', 'sha256', 'sha512'] as const;

/** The "WebAuthn / TOTP" tab of the configuration. */
export const webauthnConfigTab: TabDecl = {
  id: 'webauthnConfig',
  label: 'webauthn.config.tab',
  description: 'webauthn.config.tab.description',
  objectTypes: ['configuration'],
  objectClasses: ['fdWebauthnPluginConf'],
  alwaysActive: true,
  priority: 70,
  sections: [
    {
      key: 'webauthn',
      label: 'webauthn.config.section.webauthn',
      attributes: [
        {
          name: 'fdWebauthnFormats',
          kind: 'set',
          of: { kind: 'select', choices: WEBAUTHN_FORMATS.map((f) => ({ value: f, label: `webauthn.format.${f}` })) },
          label: 'webauthn.fdWebauthnFormats',
          description: 'webauthn.fdWebauthnFormats.description',
          default: [...DEFAULT_WEBAUTHN_FORMATS],
        },
      ],
    },
    {
      key: 'totp',
      label: 'webauthn.config.section.totp',
      attributes: [
        { name: 'fdTotpDigest', kind: 'select', choices: TOTP_DIGESTS.map((d) => ({ value: d, label: `webauthn.digest.${d}` })), label: 'webauthn.fdTotpDigest', description: 'webauthn.fdTotpDigest.description', default: 'sha1', required: true },
        { name: 'fdTotpPeriod', kind: 'integer', min: 1, unit: 'seconds', label: 'webauthn.fdTotpPeriod', description: 'webauthn.fdTotpPeriod.description', default: 30, required: true },
        { name: 'fdTotpDigits', kind: 'integer', min: 6, max: 8, label: 'webauthn.fdTotpDigits', description: 'webauthn.fdTotpDigits.description', default: 6, required: true },
      ],
    },
  ],
};

export const webauthnPlugin: PluginManifest = {
  id: 'webauthn',
  dependsOn: ['core', 'configuration'],
  // webauthn-fd holds the users' values (fdWebauthnAccount); no tab shows them.
  schemas: ['webauthn-fd', 'webauthn-fd-conf'],
  tabs: [webauthnConfigTab],
  messages: { en, fr },
};
