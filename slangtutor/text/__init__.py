"""How slangtutor reads written text: every rule in one place, used by every other module.

- `script`: which characters are hanzi, full-width folding, traditional -> simplified (OpenCC).
- `pinyin`: pinyin however it is typed (marks, numbers, v/u:/ü, lue/nue, apostrophes), tone
  tables, syllable splitting, toneless and toned keys; pypinyin for hanzi -> pinyin.
- `keys`: how a written form becomes the key it is compared by.
- `query`: cleaning what a learner typed into lookup (punctuation, quotes, hashtags, question
  frames such as "what does X mean" or "X是什么意思").
"""
