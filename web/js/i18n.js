// The pages' own strings: /i18n/{lang}.json is a flat object, key -> string with {name} holes.
// (Texts of the council itself, such as item titles, come in the view in every language.)

export const LANGS = ['fi', 'sv', 'en']
const STORAGE_KEY = 'chamber.lang'

// The language the viewer chose, by URL (?lang=sv) or earlier on this device; null if none.
export function chosenLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang')
  if (LANGS.includes(fromUrl)) return fromUrl
  const stored = localStorage.getItem(STORAGE_KEY)
  return LANGS.includes(stored) ? stored : null
}

// The chosen language, else the person's roster language (welcome.person.lang), else Finnish.
export function pickLang(rosterLang = null) {
  return chosenLang() ?? (LANGS.includes(rosterLang) ? rosterLang : 'fi')
}

export function rememberLang(lang) {
  localStorage.setItem(STORAGE_KEY, lang)
}

export async function loadStrings(lang) {
  const response = await fetch(`/i18n/${lang}.json`)
  if (!response.ok) throw new Error(`/i18n/${lang}.json: ${response.status}`)
  return response.json()
}

// t('item_number', {number: 3}) -> "Asia 3". A missing key shows as itself, so it is noticed.
export function makeT(strings) {
  return (key, params = {}) =>
    (strings[key] ?? key).replace(/\{(\w+)\}/g, (hole, name) => (name in params ? String(params[name]) : hole))
}
