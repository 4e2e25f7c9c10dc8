#include "txpool/pool_event.hpp"

namespace canary::txpool {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

bool is_final(const TransactionStatus& s) {
  return std::holds_alternative<status::Usurped>(s) ||
         std::holds_alternative<status::Finalized>(s) ||
         std::holds_alternative<status::FinalityTimeout>(s) ||
         std::holds_alternative<status::Invalid>(s) || std::holds_alternative<status::Dropped>(s);
}

const char* status_name(const TransactionStatus& s) {
  return std::visit(Overloaded{
                        [](const status::Future&) { return "future"; },
                        [](const status::Ready&) { return "ready"; },
                        [](const status::Broadcast&) { return "broadcast"; },
                        [](const status::InBlock&) { return "inBlock"; },
                        [](const status::Retracted&) { return "retracted"; },
                        [](const status::FinalityTimeout&) { return "finalityTimeout"; },
                        [](const status::Finalized&) { return "finalized"; },
                        [](const status::Usurped&) { return "usurped"; },
                        [](const status::Dropped&) { return "dropped"; },
                        [](const status::Invalid&) { return "invalid"; },
                    },
                    s);
}

}  // namespace canary::txpool
