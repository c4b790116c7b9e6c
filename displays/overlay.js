// The livestream overlay (an OBS or vMix browser source, 1920x1080, transparent): a lower third
// with the item under consideration. URL: ?key=K&lang=fi&position=bottom|top&margin=48 (the
// broadcast's safe area in px). It shows nothing on air that is not the meeting: no connection
// warnings, and nothing at all of a meeting closed to the public.
// Later: the speaker with group and timer, the vote result banner.
import { startPage, common, param } from '/static/js/page.js'

const margin = Number.parseInt(param('margin') ?? '48', 10)
// CSSOM is allowed by the page's CSP (style attributes are not).
document.documentElement.style.setProperty('--safe', `${Number.isFinite(margin) ? Math.max(0, margin) : 48}px`)

startPage({
  as: 'display',
  key: param('key'),
  components: {
    overlay: () => ({
      ...common,
      position: param('position') === 'top' ? 'top' : 'bottom',

      shown() {
        if (this.closedSession()) return false
        return this.phase() === 'recess' || (this.phase() === 'open' && this.currentItem() !== null)
      },
      kicker() {
        const item = this.currentItem()
        return item ? this.t('item_number', { number: item.number }) : ''
      },
      headline() {
        return this.phase() === 'recess' ? this.t('phase_recess') : this.local(this.currentItem()?.title)
      },
    }),
  },
})
