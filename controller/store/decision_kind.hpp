#pragma once
// What a stored decision decided (DESIGN §6, table `decisions`): when to check next (poll),
// a provider switch (failover), a healing action (heal), a write-only provider's periodic
// rewrite (refresh), a notification scheduled or queued (notify). Text only in the store and
// the `decisions` output, where the names stay as documented.

#include <optional>
#include <span>
#include <string_view>

namespace ddnsguard::controller {

enum class DecisionKind { poll, failover, heal, refresh, notify };

std::string_view to_string(DecisionKind kind);
// The kind a stored text names; nullopt for any other text.
std::optional<DecisionKind> parse_decision_kind(std::string_view text);
// Every kind's name, in the order above (e.g. for `decisions --kind`).
std::span<const std::string_view> decision_kind_names();

// What a heal decision did (its stored `value`, README "Verification, anomalies and healing").
enum class HealAction {
  flush,    // pooled connections and cached DNS answers dropped (the address changed)
  offline,  // no source and no provider answers: nothing retried or blamed
  resync,   // network back, or drift: every record (or one) read back and rewritten
  re_push,  // a write that does not show in DNS is sent again
  demote,   // a source's answers stop voting
  promote,  // and vote again
};
std::string_view to_string(HealAction action);  // "flush", ..., "re-push"

}  // namespace ddnsguard::controller
