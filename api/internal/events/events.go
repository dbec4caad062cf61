// Package events fans out small change notifications, such as "an access
// request was created", to the event streams of every API replica. On
// PostgreSQL a hub publishes with NOTIFY and receives with LISTEN on one
// channel, so an event raised on one replica reaches the streams of all of
// them. On SQLite, where one process owns the database, it delivers in
// process only. Events are hints to refetch, not a durable log, so a stream
// that drops may miss some.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/database"
)

// Channel is the PostgreSQL notification channel of Roster's events.
const Channel = "roster_events"

// maxPayload is PostgreSQL's limit on a NOTIFY payload, in bytes.
const maxPayload = 8000

// subscriberBuffer is how many events a stream may lag behind before the hub
// ends it, so that a slow client cannot hold back the others.
const subscriberBuffer = 64

// ErrUnavailable is returned by Subscribe while a PostgreSQL hub is not
// listening, because a stream opened then would silently miss events.
var ErrUnavailable = errors.New("event hub is not listening")

// Event is one notification.
type Event struct {
	// ID is unique per event.
	ID   string `json:"id"`
	Type string `json:"type"`
	// TenantID is the Roster tenant the event concerns. Streams deliver the
	// event to callers holding Permission there.
	TenantID   string            `json:"tenantId"`
	Permission access.Permission `json:"permission"`
	// Owner, when set, also receives the event whatever their permissions,
	// as "<Entra tenant id>/<object id>": the requester of an access request.
	Owner string `json:"owner,omitempty"`
	// Data is the JSON document streams send as the event's data.
	Data json.RawMessage `json:"data"`
	// Origin is the id of the hub that published the event.
	Origin string `json:"origin"`
}

// Hub delivers published events to the subscriptions of this process and,
// on PostgreSQL, of every process listening on the same database.
type Hub struct {
	id      string
	pool    *pgxpool.Pool // nil on SQLite
	log     *slog.Logger
	backoff time.Duration

	mu        sync.Mutex
	subs      map[*Subscription]struct{}
	listening bool
	stop      context.CancelFunc
	done      chan struct{}
}

// New returns a hub on db. On PostgreSQL it delivers nothing from other
// processes until Start.
func New(db *database.DB, log *slog.Logger) *Hub {
	return &Hub{id: uuid.NewString(), pool: db.Pool, log: log, backoff: time.Second, subs: map[*Subscription]struct{}{}}
}

// Start connects the PostgreSQL listener and keeps it connected until Stop,
// reconnecting with backoff. It returns the first connection's error. On
// SQLite it does nothing.
func (h *Hub) Start(ctx context.Context) error {
	if h.pool == nil {
		return nil
	}
	conn, err := h.listen(ctx)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	h.mu.Lock()
	h.listening, h.stop, h.done = true, cancel, make(chan struct{})
	h.mu.Unlock()
	go h.run(runCtx, conn)
	return nil
}

// Stop ends the listener, if any, and every subscription.
func (h *Hub) Stop() {
	h.mu.Lock()
	stop, done := h.stop, h.done
	h.stop = nil
	h.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	h.dropAll()
}

// listen opens a connection of its own, outside the pool, because a
// listening connection must stay with the listener.
func (h *Hub) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, h.pool.Config().ConnConfig)
	if err != nil {
		return nil, fmt.Errorf("connect the event listener: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("listen on %s: %w", Channel, err)
	}
	return conn, nil
}

func (h *Hub) run(ctx context.Context, conn *pgx.Conn) {
	defer close(h.done)
	backoff := h.backoff
	for {
		err := h.receive(ctx, conn)
		conn.Close(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return
		}
		// Events published while the listener is away are lost, so the
		// streams that would have missed them end and their clients
		// refetch when they reconnect.
		h.setListening(false)
		h.dropAll()
		h.log.Warn("event listener lost its connection; reconnecting", "error", err, "retry_in", backoff)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			if conn, err = h.listen(ctx); err == nil {
				break
			}
			backoff = min(backoff*2, 30*time.Second)
			h.log.Warn("event listener could not reconnect", "error", err, "retry_in", backoff)
		}
		backoff = h.backoff
		h.setListening(true)
		h.log.Info("event listener reconnected")
	}
}

func (h *Hub) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var ev Event
		if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
			h.log.Warn("ignored a malformed event notification", "error", err)
			continue
		}
		if ev.Origin != h.id {
			h.deliver(ev)
		}
	}
}

func (h *Hub) setListening(v bool) {
	h.mu.Lock()
	h.listening = v
	h.mu.Unlock()
}

// Publish delivers ev to this process's subscriptions and, on PostgreSQL,
// notifies the other processes. It fills in ID and Origin. Call it after
// the change the event announces has committed.
func (h *Hub) Publish(ctx context.Context, ev Event) error {
	ev.ID, ev.Origin = uuid.NewString(), h.id
	h.deliver(ev)
	if h.pool == nil {
		return nil
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encode event %s: %w", ev.Type, err)
	}
	if len(payload) > maxPayload {
		return fmt.Errorf("event %s is %d bytes, more than the %d a notification carries", ev.Type, len(payload), maxPayload)
	}
	if _, err := h.pool.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, string(payload)); err != nil {
		return fmt.Errorf("notify event %s: %w", ev.Type, err)
	}
	return nil
}

func (h *Hub) deliver(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		select {
		case sub.events <- ev:
		default:
			h.log.Warn("ended an event stream that fell behind", "buffer", subscriberBuffer)
			h.dropLocked(sub)
		}
	}
}

func (h *Hub) dropAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		h.dropLocked(sub)
	}
}

func (h *Hub) dropLocked(sub *Subscription) {
	if _, ok := h.subs[sub]; ok {
		delete(h.subs, sub)
		close(sub.events)
	}
}

// Subscription receives every event published after it was made.
type Subscription struct {
	hub    *Hub
	events chan Event
}

// Subscribe returns a new subscription. On PostgreSQL it returns
// ErrUnavailable while the hub is not listening.
func (h *Hub) Subscribe() (*Subscription, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pool != nil && !h.listening {
		return nil, ErrUnavailable
	}
	sub := &Subscription{hub: h, events: make(chan Event, subscriberBuffer)}
	h.subs[sub] = struct{}{}
	return sub, nil
}

// Events returns the channel of events. The hub closes it when the
// subscription ends: on Close, when the subscriber falls behind, when the
// listener loses its connection, and on Stop.
func (s *Subscription) Events() <-chan Event { return s.events }

// Close ends the subscription. It is safe to call more than once.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.dropLocked(s)
}
