// The chair's console: runs the meeting's phases and agenda, by mouse or by keyboard alone.
// Later: roll call, the speaking queue, proposals, votes.
import { startPage, common, commands, confirmation, signOut } from './page.js'

const OUTCOMES = ['handled', 'tabled', 'returned', 'withdrawn', 'removed']

const live = startPage({
  as: 'chair',
  components: {
    signOut,
    chair: () => ({
      ...common,
      ...commands(live),
      outcomes: OUTCOMES,
      outcome: 'handled',
      ...confirmation(),

      init() {
        document.addEventListener('keydown', (event) => this.onKey(event))
      },

      agenda() {
        return this.view()?.agenda ?? []
      },
      itemState(item) {
        if (item.state === 'closed' && item.outcome) return this.t('outcome_' + item.outcome)
        return this.t('item_state_' + item.state)
      },
      canTakeUp(item) {
        return this.phase() === 'open' && item.state === 'pending'
      },
      canCloseItem() {
        return this.phase() === 'open' && this.currentItem() !== null
      },
      canCloseMeeting() {
        return (this.phase() === 'open' || this.phase() === 'recess') && this.currentItem() === null
      },
      signInUrl() {
        return '/login?next=/chair'
      },

      openMeeting() {
        this.run('open_meeting')
      },
      takeUp(number) {
        this.run('take_up_item', { item: number })
      },
      // The next pending item after the current one (or after the last closed one, between
      // items). Items set aside earlier are not revisited by N: the chair takes them up by name.
      takeUpNext() {
        const items = this.agenda()
        const closed = items.filter((i) => i.state === 'closed').map((i) => i.number)
        const after = this.currentItem()?.number ?? Math.max(0, ...closed)
        const next = items.find((i) => i.state === 'pending' && i.number > after)
        if (next) this.takeUp(next.number)
        else this.error = this.t('no_more_items')
      },
      toggleRecess() {
        this.run(this.phase() === 'recess' ? 'resume' : 'recess')
      },
      // Closing an item or the meeting cannot be undone: ask first.
      askCloseItem() {
        const item = this.currentItem()
        if (!item) {
          this.error = this.t('idle_open')
          return
        }
        const outcome = this.outcome
        this.ask(
          this.t('confirm_close_item', { number: item.number, outcome: this.t('outcome_' + outcome) }),
          this.t('close_item'),
          () => this.run('close_item', { outcome }),
        )
      },
      askCloseMeeting() {
        this.ask(this.t('confirm_close_meeting'), this.t('close_meeting'), () => this.run('close_meeting'))
      },

      onKey(event) {
        if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return
        // Typing in a field or working in the dialog is not a shortcut.
        if (event.target.closest('input, select, textarea, dialog')) return
        const shortcut = { n: () => this.takeUpNext(), c: () => this.askCloseItem(), p: () => this.toggleRecess() }[event.key.toLowerCase()]
        if (!shortcut) return
        event.preventDefault()
        shortcut()
      },
    }),
  },
})
