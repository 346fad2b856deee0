// A deliberately lossy provider for tests: it "translates" by returning the input after
// dropping, mangling or duplicating the placeholder of a chosen item, as real services do.
#pragma once

#include <string>

#include "text/protect.h"
#include "translate/provider.h"

namespace gazette::translate {

enum class Loss { kNone, kDrop, kMangle, kDuplicate, kLeak };

class LossyProvider : public Provider {
 public:
  LossyProvider(Loss loss, std::size_t index) : loss_(loss), index_(index) {}
  std::string Name() const override { return "lossy"; }
  model::Result<std::vector<std::string>> TranslateHtml(const std::vector<std::string>& fragments,
                                                        std::string_view,
                                                        std::string_view) override {
    std::vector<std::string> out;
    for (std::string f : fragments) {
      const std::string ph = text::PlaceholderFor(index_);
      const std::size_t at = f.find(ph);
      if (at != std::string::npos) {
        switch (loss_) {
          case Loss::kNone:
            break;
          case Loss::kDrop:
            f.erase(at, ph.size());
            break;
          case Loss::kMangle:
            f.replace(at, ph.size(), "<gz-p n=\"" + std::to_string(index_) + "\">");
            break;
          case Loss::kDuplicate:
            f.insert(at, ph);
            break;
          case Loss::kLeak:
            f.replace(at, ph.size(), "DNUM_BBZAHZCACE");
            break;
        }
      }
      out.push_back(std::move(f));
    }
    return out;
  }

 private:
  Loss loss_;
  std::size_t index_;
};

}  // namespace gazette::translate
