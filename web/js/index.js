// The front page: where each kind of user goes.
import { startPage, common } from './page.js'

startPage({
  components: {
    index: () => ({
      ...common,
      // The hall screen and the overlay need the display key in their URL (?key=), which
      // `chamber serve` prints; without it they show how to get one.
      pages: [
        { key: 'member', href: '/member' },
        { key: 'chair', href: '/chair' },
        { key: 'secretary', href: '/secretary' },
        { key: 'public', href: '/public' },
        { key: 'screen', href: '/screen' },
        { key: 'overlay', href: '/overlay' },
      ],
    }),
  },
})
