#include "state/overlay/change_set.hpp"

#include "primitives/util/result.hpp"
#include "state/overlay/scale_vec_append.hpp"

namespace canary::state {

ChangeSet::Map::iterator ChangeSet::lookup(ByteSpan key) {
  auto found = index_.find(key);
  return found == index_.end() ? entries_.end() : found->second;
}

ChangeSet::Map::const_iterator ChangeSet::lookup(ByteSpan key) const {
  auto found = index_.find(key);
  return found == index_.end() ? entries_.end() : Map::const_iterator(found->second);
}

ChangeSet::Map::iterator ChangeSet::insert(ByteSpan key) {
  auto it = entries_.emplace(Bytes(key.begin(), key.end()), Entry{}).first;
  index_.emplace(ByteSpan(it->first), it);
  return it;
}

const std::optional<Bytes>* ChangeSet::find(ByteSpan key) const {
  auto it = lookup(key);
  if (it == entries_.end()) return nullptr;
  return &it->second.layers.back().value;
}

void ChangeSet::push_layer(Map::iterator it, std::optional<Bytes> value) {
  uint32_t d = static_cast<uint32_t>(depth());
  it->second.layers.push_back(Layer{d, false, 0, 0, std::move(value)});
  if (d > 0) dirty_[d - 1].push_back(it);
}

void ChangeSet::take_back(Entry& e, size_t index, std::optional<Bytes>& above) {
  // The layer holding a lent vector only ever holds vectors: replacing it hands the vector back
  // first.
  if (!above) contract_violation();
  Layer& lower = e.layers[index];
  truncate_scale_vec(*above, lower.lent_count, lower.lent_items);
  lower.value = std::move(above);
  lower.lent = false;
}

void ChangeSet::write(Map::iterator it, std::optional<Bytes> value) {
  Entry& e = it->second;
  if (e.layers.empty() || e.layers.back().depth != depth()) {
    push_layer(it, std::move(value));
    return;
  }
  size_t top = e.layers.size() - 1;
  // The value being replaced holds the vector of the layer below: hand it back first.
  if (top > 0 && e.layers[top - 1].lent) take_back(e, top - 1, e.layers[top].value);
  e.layers[top].value = std::move(value);
}

void ChangeSet::set(ByteSpan key, std::optional<Bytes> value) {
  auto it = lookup(key);
  if (it == entries_.end()) it = insert(key);
  write(it, std::move(value));
}

void ChangeSet::set_copy(ByteSpan key, ByteSpan value) {
  auto it = lookup(key);
  if (it == entries_.end()) it = insert(key);
  std::vector<Layer>& layers = it->second.layers;
  // A layer holding a lent vector hands it back when replaced (write() does): not in place.
  if (!layers.empty() && layers.back().depth == depth() && layers.back().value &&
      !(layers.size() > 1 && layers[layers.size() - 2].lent)) {
    layers.back().value->assign(value.begin(), value.end());
    return;
  }
  write(it, Bytes(value.begin(), value.end()));
}

void ChangeSet::append(ByteSpan key, ByteSpan item, std::optional<Bytes> base) {
  auto it = lookup(key);
  if (it == entries_.end()) {
    Bytes value = base ? std::move(*base) : Bytes{};
    scale_vec_append(value, item);
    it = insert(key);
    push_layer(it, std::move(value));
    return;
  }
  Layer& current = it->second.layers.back();
  Bytes* vec = current.value ? &*current.value : nullptr;
  std::optional<ScaleVecPrefix> prefix;
  if (vec != nullptr) prefix = appendable_prefix(*vec);
  if (vec == nullptr || !prefix) {
    write(it, single_item_vec(item));
    return;
  }
  if (current.depth == depth()) {
    append_item(*vec, *prefix, item);
    return;
  }
  // First write of this transaction: take the enclosing transaction's vector rather than copy it.
  Bytes taken = std::move(*vec);
  current.value = Bytes{};
  current.lent = true;
  current.lent_count = prefix->count;
  current.lent_items = taken.size() - prefix->size;
  append_item(taken, *prefix, item);
  push_layer(it, std::move(taken));
}

uint32_t ChangeSet::clear_prefix(ByteSpan prefix) {
  uint32_t count = 0;
  for (auto it = entries_.lower_bound(prefix); it != entries_.end(); ++it) {
    if (!has_prefix(it->first, prefix)) break;
    // A key deleted already stays deleted; writing the deletion again would change nothing.
    if (!it->second.layers.back().value) continue;
    ++count;
    write(it, std::nullopt);
  }
  return count;
}

void ChangeSet::commit_transaction() {
  if (dirty_.empty()) contract_violation();
  std::vector<Map::iterator> written = std::move(dirty_.back());
  dirty_.pop_back();
  uint32_t d = static_cast<uint32_t>(depth());  // the enclosing transaction's depth
  for (Map::iterator it : written) {
    Entry& e = it->second;
    size_t top = e.layers.size() - 1;
    if (top == 0 || e.layers[top - 1].depth != d) {
      // The enclosing transaction had not written the key: the value becomes its own.
      e.layers[top].depth = d;
      if (d > 0) dirty_[d - 1].push_back(it);
      continue;
    }
    Layer& below = e.layers[top - 1];
    if (below.lent) {
      // The committed vector extends the one it was lent: it replaces it.
      below.lent = false;
    } else if (top > 1 && e.layers[top - 2].lent) {
      // The value being replaced holds the vector of the layer under it: hand it back first.
      take_back(e, top - 2, below.value);
    }
    below.value = std::move(e.layers[top].value);
    e.layers.pop_back();
  }
}

void ChangeSet::rollback_transaction(std::vector<Bytes>* changed, std::vector<Bytes>* dropped) {
  if (dirty_.empty()) contract_violation();
  std::vector<Map::iterator> written = std::move(dirty_.back());
  dirty_.pop_back();
  for (Map::iterator it : written) {
    Entry& e = it->second;
    Layer undone = std::move(e.layers.back());
    e.layers.pop_back();
    if (e.layers.empty()) {
      if (dropped != nullptr) dropped->push_back(it->first);
      index_.erase(ByteSpan(it->first));
      entries_.erase(it);
      continue;
    }
    if (e.layers.back().lent) take_back(e, e.layers.size() - 1, undone.value);
    if (changed != nullptr) changed->push_back(it->first);
  }
}

}  // namespace canary::state
