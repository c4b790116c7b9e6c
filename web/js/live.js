// The live connection every page shares (docs/protocol.md): say hello, hold the newest view,
// reconnect forever, and send commands that survive a reconnect.
//
//   const live = new Live({ as: 'chair', lang: 'fi' })
//   live.addEventListener('change', () => render(live.view, live.me))
//   live.start()
//   const reply = await live.send('take_up_item', { item: 3 })   // {ok, seq} or {ok: false, error}

// Close codes after which retrying cannot help: the person must act (pair, sign in, wait).
const REFUSED = new Set([4001, 4003])
const MAX_DELAY_MS = 5000
// A connection that is not welcomed by then is presumed stuck (lost SYN on hall Wi-Fi).
const WELCOME_TIMEOUT_MS = 10000
// A phone on hall Wi-Fi can lose its connection without the browser noticing (no FIN): ping
// when nothing has been heard for a while, and give the socket up when the ping goes unanswered.
const QUIET_MS = 10000
const PONG_MS = 10000

export class Live extends EventTarget {
  status = 'connecting' // connecting | live | reconnecting | refused
  refusal = null // {code, reason, message} once refused: see REFUSED
  welcome = null
  view = null
  me = null
  clockOffset = 0 // server_time - Date.now(), from the newest snapshot or view

  #hello
  #socket = null
  #seq = null // seq of the newest state we hold: sent as `since`
  #attempt = 0
  #retryTimer = null
  #welcomeTimer = null
  #pending = new Map() // command id -> {frame, resolve, reject}, until its reply arrives
  #lastError = null // the server explains a refusal in an error message just before closing
  #heard = 0 // Date.now() of the last message from the server
  #heartbeat = null

  constructor({ as = 'public', lang = null, key = null } = {}) {
    super()
    this.#hello = { type: 'hello', as, lang, key }
  }

  start() {
    // A phone waking up or getting its network back should not sit out the backoff.
    const retryNow = () => {
      if (this.#retryTimer !== null) this.#connect()
    }
    window.addEventListener('online', retryNow)
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible') return
      retryNow()
      if (this.status === 'live') this.#transmit(JSON.stringify({ type: 'ping' })) // still there?
    })
    this.#connect()
    return this
  }

  // Resolves with the server's reply, accepted or refused; rejects only if the connection is
  // refused for good. An unanswered command is re-sent with the same id after a reconnect, which
  // the server recognises, so it is applied once.
  send(cmd, args = {}) {
    const id = newId()
    const frame = JSON.stringify({ ...args, id, cmd })
    return new Promise((resolve, reject) => {
      if (this.status === 'refused') {
        reject(new Error(this.refusal.message))
        return
      }
      this.#pending.set(id, { frame, resolve, reject })
      if (this.status === 'live') this.#transmit(frame)
    })
  }

  // The language of the server's messages: the next hello carries it, and a live connection is
  // told at once ({"type": "lang"}, docs/protocol.md), so no reconnect is needed.
  setLang(lang) {
    if (lang === this.#hello.lang) return
    this.#hello.lang = lang
    if (this.status === 'live' && this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify({ type: 'lang', lang }))
    }
  }

  // Commands sent and not yet answered (they wait out a reconnect).
  get unanswered() {
    return this.#pending.size
  }

  // The server's clock now, in ms: countdowns are computed from the server's stamped times.
  serverNow() {
    return Date.now() + this.clockOffset
  }

  #connect() {
    clearTimeout(this.#retryTimer)
    this.#retryTimer = null
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new WebSocket(`${scheme}://${location.host}/ws`)
    this.#socket = socket
    this.#welcomeTimer = setTimeout(() => socket.close(), WELCOME_TIMEOUT_MS)

    socket.onopen = () => {
      const { type, as, lang, key } = this.#hello
      const hello = { type, as, since: this.#seq }
      if (lang) hello.lang = lang
      if (key) hello.key = key
      socket.send(JSON.stringify(hello))
    }
    socket.onmessage = (event) => this.#receive(JSON.parse(event.data))
    socket.onclose = (event) => {
      clearTimeout(this.#welcomeTimer)
      if (this.#socket !== socket) return
      clearInterval(this.#heartbeat)
      this.#socket = null
      if (REFUSED.has(event.code)) this.#refuse(event.code, event.reason)
      else this.#scheduleRetry()
    }
  }

  #receive(msg) {
    this.#heard = Date.now()
    if (typeof msg.server_time === 'number') this.clockOffset = msg.server_time - Date.now()
    switch (msg.type) {
      case 'welcome':
        clearTimeout(this.#welcomeTimer)
        this.welcome = msg
        this.#attempt = 0
        this.#setStatus('live')
        this.#listen(this.#socket)
        for (const { frame } of this.#pending.values()) this.#transmit(frame)
        break
      case 'snapshot':
        this.me = msg.me ?? null
        this.#update(msg.seq, msg.view)
        break
      case 'view':
        // A view message carries only the top-level parts that changed (docs/protocol.md).
        this.#update(msg.seq, { ...this.view, ...msg.view })
        break
      case 'me':
        // Not a resume point: the view of the same change follows it (docs/protocol.md).
        this.me = msg.me
        this.dispatchEvent(new Event('change'))
        break
      case 'reply': {
        const command = this.#pending.get(msg.re)
        this.#pending.delete(msg.re)
        command?.resolve(msg)
        break
      }
      case 'error':
        // Before the welcome it explains the refusal that follows; after it, a frame of ours
        // was wrong, which is a bug for a developer to see.
        if (this.status === 'live') console.warn('chamber: the server refused a frame', msg.error)
        else this.#lastError = msg.error
        break
    }
  }

  // The socket may be closing before its close event has told us; the frame stays pending
  // and goes out after the next welcome.
  #transmit(frame) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(frame)
  }

  // `since` comes only from state we actually hold, never from welcome.seq: a connection lost
  // between welcome and snapshot must still be sent the snapshot next time.
  #update(seq, view) {
    this.#seq = seq
    this.view = view
    this.dispatchEvent(new Event('change'))
  }

  // The heartbeat of a welcomed socket: after QUIET_MS of silence a ping; a ping unanswered for
  // PONG_MS means the connection is dead (the server answers every ping with a pong).
  #listen(socket) {
    clearInterval(this.#heartbeat)
    let pingedAt = 0
    this.#heartbeat = setInterval(() => {
      if (this.#socket !== socket) {
        clearInterval(this.#heartbeat)
        return
      }
      const now = Date.now()
      if (pingedAt > this.#heard && now - pingedAt >= PONG_MS) {
        // Dead without a close: give it up now (its close event may take minutes) and retry.
        clearInterval(this.#heartbeat)
        this.#socket = null
        socket.close()
        this.#scheduleRetry()
      } else if (now - this.#heard >= QUIET_MS && pingedAt <= this.#heard) {
        pingedAt = now
        this.#transmit(JSON.stringify({ type: 'ping' }))
      }
    }, 2500)
  }

  #scheduleRetry() {
    this.#setStatus(this.welcome ? 'reconnecting' : 'connecting')
    const cap = Math.min(MAX_DELAY_MS, 500 * 2 ** this.#attempt++)
    // Jitter spreads out a hall full of phones that all lost the server at the same moment.
    const delay = cap / 2 + (Math.random() * cap) / 2
    this.#retryTimer = setTimeout(() => this.#connect(), delay)
  }

  #refuse(code, reason) {
    this.refusal = { code, reason, message: this.#lastError?.message ?? reason }
    this.#setStatus('refused')
    for (const { reject } of this.#pending.values()) reject(new Error(this.refusal.message))
    this.#pending.clear()
  }

  #setStatus(status) {
    this.status = status
    this.dispatchEvent(new Event('status'))
  }
}

// crypto.randomUUID exists only in secure contexts; a hall LAN may serve plain http.
function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return 'c-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
