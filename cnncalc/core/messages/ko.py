"""한국어: cnncalc의 모든 사람용 텍스트, 메시지 코드별로.

Korean, in the tutorials' own terms (합성곱, 필터, 스트라이드, 패딩, 풀링, 특징 맵, 학습
파라미터), the arithmetic written as they write it: `출력 높이 = (39 + 2·0 − 4)/1 + 1 = 36`,
`학습 파라미터 1 × 4 × 4 × 20 = 320`. The codes and placeholders are en.py's (a test holds
them equal). Spec syntax stays as the spec writes it (`padding: 1`, `rounding: floor`), so
that a fix can be copied into the file.
"""

MESSAGES = {
    "error": "오류",
    "warning": "경고",
    "note": "참고",
    "where.index": "{index}번째 레이어: {text}",
    "where.layer": "{index}번째 레이어 ({layer}): {text}",
    "fix.lead": ". 해결: ",
    "fix.or": "; 또는 ",
    "list.and": "{items}, {last}",
    "axis.length": "길이",
    "axis.height": "높이",
    "axis.width": "너비",
    "axis.depth": "깊이",
    "axis.every": "모든 축",
    "axis.numbered": "{number}번째 축",
    "unit.one.row": "{count}행",
    "unit.many.row": "{count}행",
    "unit.one.column": "{count}열",
    "unit.many.column": "{count}열",
    "unit.one.slice": "{count}장",
    "unit.many.slice": "{count}장",
    "unit.one.step": "{count}칸",
    "unit.many.step": "{count}칸",
    "unit.one.channel": "채널 {count}개",
    "unit.many.channel": "채널 {count}개",
    "unit.one.position": "{count}칸",
    "unit.many.position": "{count}칸",
    "column.index": "#",
    "column.layer": "레이어",
    "column.kind": "종류",
    "column.input": "입력",
    "column.output": "출력",
    "column.nobias": "학습 파라미터 (편향 제외)",
    "column.params": "학습 파라미터",
    "column.share": "% 학습 파라미터",
    "column.trainable": "학습 가능",
    "column.non_trainable": "학습 불가",
    "column.macs": "MAC",
    "column.flops": "FLOP",
    "column.activations": "활성화 원소",
    "column.memory": "활성화 메모리",
    "column.param_memory": "파라미터 메모리",
    "column.rf": "수용 영역",
    "column.jump": "간격",
    "column.start": "시작",
    "column.arithmetic": "계산",
    "column.engine_shape": "계산한 형상",
    "column.actual_shape": "실제 형상",
    "column.engine_params": "계산한 파라미터",
    "column.actual_params": "실제 파라미터",
    "unknown-column": "알 수 없는 열 {name}; 다음 중에서 고르세요: {names}",
    "no-columns": "열이 주어지지 않았습니다; 다음 중에서 고르세요: {names}",
    "total": "합계",
    "total.partial": "합계 (일부)",
    "valid": "올바름",
    "invalid": "올바르지 않음",
    "explain.title": "각 숫자의 계산 과정 ({title}):",
    "explain.axis": "출력 {axis} = {formula} = {value}",
    "explain.rounded": "출력 {axis} = {formula} = {value} → {out}",
    "explain.same": "출력 {axis} (same 패딩) = ceil({size}/{stride}) = {out}, 패딩 {before} + {after}",
    "explain.params": "학습 파라미터 {formula}",
    "explain.bias": " (+ 편향 {bias})",
    "product.times": " × ",
    "portability.none": "이식성 ({title}): Keras와 PyTorch에서 다른 레이어가 없습니다.",
    "portability.one": "이식성 ({title}; {framework} 기준): Keras와 PyTorch에서 다른 레이어 "
                       "{count}개",
    "portability.many": "이식성 ({title}; {framework} 기준): Keras와 PyTorch에서 다른 레이어 "
                        "{count}개",
    "portability.markdown.none": "**이식성** ({framework} 기준): Keras와 PyTorch에서 다른 "
                                 "레이어가 없습니다.",
    "portability.markdown.differ": "**이식성** ({framework} 기준): 다음 레이어는 Keras와 "
                                   "PyTorch에서 다릅니다.",
    "html.meta": "{source} · 입력 {shape} · {layout} · {framework} · 반올림 {rounding} · {valid}",
    "html.layers": "레이어",
    "html.picture": "그림",
    "html.arithmetic": "각 숫자의 계산 과정",
    "verify.title": "{title} · {backend} ({device}), 배치 {batch}, 시드 {seed}",
    "verify.not_run": "✗ 검증하지 못함: {error}",
    "verify.agree": "✓ 레이어 {total}개 모두 {backend} 백엔드와 일치합니다",
    "verify.invalid": "✗ 검증하지 못함: 스펙이 올바르지 않습니다 (오류를 보세요)",
    "verify.disagree": "✗ 레이어 {total}개 중 {wrong}개가 {backend} 백엔드와 일치하지 않습니다",
    "axes.count": "{key}: {value}의 값은 {entries}개인데 입력의 공간 축은 {rank}개입니다",
    "axes.counts": "{key}: {value}의 값은 {entries}개인데 입력의 공간 축은 {rank}개입니다",
    "fix.axes.count": "값을 {rank}개 또는 숫자 하나로 쓰기",
    "kernel-too-large": "{axis}: 커널 크기는 {span}인데 패딩을 더한 입력은 {padded}뿐입니다",
    "fix.smaller-kernel": "더 작은 커널",
    "fix.more-padding": "더 많은 패딩",
    "fix.fewer-downsampling": "앞쪽의 다운샘플링 레이어 줄이기",
    "fix.kernel-at-most": "{kernel} 이하의 커널",
    "no-output": "출력 {axis} = {formula} = {out}: 출력이 없습니다",
    "fix.less-padding": "더 적은 패딩",
    "inexact": "출력 {axis} = {formula} = {value}: 정수가 아닙니다",
    "inexact.short": "정수가 아닙니다",
    "ceil": "출력 {axis} = {formula} = {value}를 {out}(으)로 올림: 마지막 윈도우가 "
            "입력을 벗어납니다",
    "ceil.differs": "{axis}를 PyTorch의 ceil_mode=True처럼 {out}(으)로 올림; Keras 풀링에는 "
                    "ceil 방식이 없습니다 (floor는 {floor})",
    "floor": "출력 {axis} = {formula} = {value}를 {out}(으)로 내림",
    "floor.lost": "입력의 마지막 {lost}은(는) 어떤 윈도우도 읽지 않습니다",
    "floor.unused": "오른쪽 패딩 중 {unused}만 쓰이지 않습니다",
    "only-padding": "패딩만",
    "fix.padding": "{name}에 padding: {pads}",
    "fix.input-size": "입력 {axis}를 {current} 대신 {size}(으)로",
    "fix.same": "{name}에 padding: same (출력 ceil(X/S))",
    "fix.pool-size": "{name}에 size: {size} (입력을 나누어 떨어지게)",
    "fix.floor": "rounding: floor ({dropped} 버림)",
    "fix.ceil": "rounding: ceil (마지막 윈도우를 일부만 채워 유지)",
    "fix.symmetric": "padding: {pads} (같은 크기, 양쪽 같은 패딩)",
    "fix.symmetric.floor": "padding: {pads} (같은 크기, 양쪽 같은 패딩; rounding: floor 필요)",
    "fix.pad-layer": "앞에 padding {pads}인 패딩 레이어를 두고 padding 0 (Keras와 똑같음)",
    "same-stride.differs": "스트라이드 {stride}의 same 패딩: Keras는 {pads}만큼 패딩하고, "
                           "PyTorch는 스트라이드 > 1에서 padding='same'을 거부합니다",
    "same-stride.refused": "padding: PyTorch는 스트라이드 > 1에서 padding='same'을 거부합니다; "
                           "패딩을 숫자로 쓰세요",
    "interrupted": "cnncalc: 중단됨",
    "click.usage": "사용법:",
    "click.try": "도움말은 '{command} {option}'",
    "click.error": "오류: {message}",
    "click.aborted": "중단됨!",
    "click.default": "기본값",
    "click.required": "필수",
    "check.more": "  (외 {more}개)",
    "check.output": "출력 {shape}",
    "check.params": "학습 파라미터 {params}",
    "check.warning": "(경고 {count}개)",
    "check.warnings": "(경고 {count}개)",
    "check.tally": "스펙 {count}개: 올바름 {valid}, 올바르지 않음 {invalid}",
    "check.tallies": "스펙 {count}개: 올바름 {valid}, 올바르지 않음 {invalid}",
    "portability.note.one": "참고: {title}: Keras와 PyTorch가 다른 레이어 1개는 {framework}를 "
                            "따릅니다; --portability로 나열합니다",
    "portability.note.many": "참고: {title}: Keras와 PyTorch가 다른 레이어 {count}개는 "
                             "{framework}를 따릅니다; --portability로 나열합니다",
    "param.tuple": "{value}은(는) Python의 튜플 문법입니다; YAML은 리스트를 {listed}(으)로 씁니다",
    "param.integer": "정수가 필요한데 {got}입니다",
    "param.minimum": "{minimum} 이상이어야 하는데 {value}입니다",
    "param.long": "{start}… ({length}자)",
    "param.too-large": "{shown}은(는) 너무 큽니다 (최대 {maximum})",
    "param.decimal": "{literal}: 정수는 십진수 숫자로만 쓰세요 (앞자리 0, _, 0x, 0o, 0b, : 없이)",
    "param.digit": " ({char}은(는) {name}입니다; 숫자는 0-9로 쓰세요)",
    "param.entries": "값이 1개에서 {most}개여야 하는데 {count}개입니다",
    "param.spelling": "{value}은(는) 여기서 {meant}(으)로 씁니다",
    "param.choice": "{values} 중 하나여야 하는데 {got}입니다",
    "param.boolean": "true 또는 false여야 하는데 {got}입니다",
    "param.number": "숫자가 필요한데 {got}입니다",
    "param.between": "{minimum}에서 {maximum} 사이여야 하는데 {value}입니다",
    "param.pair": "축마다의 값은 정수 하나 또는 [앞, 뒤]인데 숫자가 {count}개입니다",
    "param.sizes": "크기의 리스트가 필요한데 {got}입니다",
    "param.one-minus-one": "-1은 크기 하나에만 쓸 수 있습니다",
    "shown.boolean": "불리언 {value}",
    "shown.text": "텍스트 {value}{note}",
    "shown.number": "숫자 {value}",
    "shown.nothing": "빈 값",
    "shown.mapping": "매핑 {text}",
    "shown.list": "리스트 {text}",
    "shown.mapping.long": "항목 {count}개의 매핑",
    "shown.list.long": "항목 {count}개의 리스트",
    "unknown": "{label}알 수 없는 {what} {key}; {hint}",
    "hint.close": "혹시 {close}인가요?",
    "hint.known": "다음 중 하나여야 합니다: {known}",
    "hint.unsupported": "cnncalc는 {name} 레이어를 계산하지 않습니다, 합성곱 신경망만 "
                        "계산합니다 (`cnncalc kinds`가 레이어 종류를 나열합니다)",
    "hint.calls": "cnncalc에서는 {target}입니다",
    "hint.inferred": "cnncalc가 입력의 형상에서 읽습니다: 빼세요",
    "hint.input": "신경망의 입력 형상은 맨 위에 한 번 씁니다: `input: [...]`",
    "what.kind": "레이어 종류",
    "what.parameter": "{kind} 파라미터",
    "what.top-key": "최상위 키",
    "what.constraint": "제한",
    "what.block-key": "블록 {name}의 키",
    "where.block": "블록 {block}, {number}번째 레이어: ",
    "item.kind": "{label}`flatten`이나 `conv: {{...}}` 같은 레이어 종류가 필요한데 {keys}입니다",
    "fix.item": "레이어마다 `- kind: {params}` 항목 하나",
    "item.params": "{label}{kind}: 파라미터는 {{key: value}} 같은 매핑이어야 하는데 {got}입니다",
    "item.name": "name: {reserved}이(가) 아니고 {separator}이(가) 없는 비어 있지 않은 텍스트여야 "
                 "하는데 {got}입니다",
    "item.inputs": "inputs: 레이어 이름이나 이름의 리스트가 필요한데 {got}입니다",
    "required": "{name}이(가) 필요합니다 ({doc})",
    "fix.required": "{layer}에 `{name}: …` 추가",
    "file.missing": "파일이 없습니다",
    "file.unreadable": "읽을 수 없습니다: {reason}",
    "file.too-large": "{mib} MiB보다 큽니다; 스펙은 몇 kB입니다",
    "file.not-utf8": "UTF-8 텍스트가 아닙니다 (바이트 {byte})",
    "file.directory": "스펙 파일이 아니라 디렉터리입니다",
    "file.not-regular": "일반 파일이 아니라 {kind}입니다; 파일과 - (표준 입력)만 읽습니다",
    "spec.empty": "빈 스펙: 적어도 `input:`과 `layers:`가 필요합니다",
    "yaml.tab": "들여쓰기에 탭이 있습니다; YAML은 공백으로만 들여씁니다",
    "yaml.invalid": "올바르지 않은 YAML: {problem}",
    "yaml.documents": "문서가 하나여야 하는데 다른 문서가 또 있습니다",
    "yaml.value": "값 {text}을(를) 읽을 수 없습니다: {reason}",
    "yaml.deep": "{depth} 단계보다 깊게 중첩되었습니다; 스펙은 몇 단계면 됩니다",
    "yaml.alias": "별칭 *{anchor}이(가) 가리키는 앵커가 위에 없습니다",
    "yaml.bomb": "별칭을 펼치면 값이 {nodes}개를 넘습니다 (별칭 폭탄?)",
    "yaml.tag": "YAML 태그 {tag}은(는) 쓸 수 없습니다: 스펙에는 일반 매핑, 리스트, 숫자, "
                "텍스트, 불리언만 있습니다",
    "yaml.key": "키는 텍스트여야 하는데 {got}입니다",
    "yaml.duplicate": "중복된 키 {key}",
    "spec.mapping": "스펙은 `input:`과 `layers:`가 있는 매핑입니다",
    "spec.name": "name: 텍스트가 필요한데 {got}입니다",
    "spec.constraints": "constraints: {{max_params: 50000}} 같은 매핑이 필요한데 {got}입니다",
    "fix.input": "input: [39, 31, 1] (공간 크기들, 그다음 채널)",
    "spec.input.required": "input이 필요합니다",
    "spec.input.list": "input: 크기 1개에서 4개의 리스트가 필요한데 {got}입니다",
    "spec.input.size": "input: 모든 크기는 1에서 {most} 사이의 정수여야 하는데 {got}입니다",
    "spec.layers": "layers: 레이어의 비어 있지 않은 리스트가 필요합니다",
    "inline.pair": "{token}: key=value가 필요한데 {pair}입니다",
    "fix.inline": "레이어를 kind:key=value,key=value로 쓰기",
    "explain.no-such-layer": "{name!r}(이)라는 레이어가 없습니다; 윈도우가 있는 레이어: {names}",
    "explain.no-window": "{name}은(는) 슬라이딩 윈도우가 없는 {kind} 레이어입니다; 윈도우가 있는 "
                         "레이어: {names}",
    "explain.not-reached": "{name}: 앞의 레이어가 실패해서 입력을 알 수 없습니다",
    "explain.not-a-window-kind": "{kind!r}에는 슬라이딩 윈도우가 없습니다; 윈도우가 있는 종류: "
                                 "{names}",
    "explain.no-layer-named": "스펙과 함께 --layer NAME을 주거나, 레이어 하나라면 종류와 "
                              "--input SIZES를 주세요",
    "explain.one-layer-option": "--{option}은(는) 레이어 하나 형식(종류와 --input)용입니다; "
                                "스펙은 스스로 정합니다",
    "window.title": "{name} ({kind}): 각 출력의 윈도우; 위치는 0부터 셉니다",
    "window.exact": "출력 {axes} = {formula} = {value}",
    "window.rounded": "출력 {axes} = {formula} = {value} → {out} ({rounding})",
    "window.same": "출력 {axes} (same 패딩) = ceil({size}/{stride}) = {out}, 패딩 {before} + "
                   "{after}",
    "window.input": "입력",
    "window.output": "출력 {index}",
    "window.unread": "안 읽음",
    "window.more": "… 윈도우 {count}개 더",
    "window.legend-padding": "· 패딩",
    "window.legend-dilation": "- 팽창(dilation)으로 건너뜀",
    "window.legend-past": "· 끝 너머: ceil 방식의 일부만 찬 윈도우",
    "axis.channels": "채널",
    "axis.features": "특징",
    "one-input": "입력은 하나여야 하는데 {count}개입니다",
    "after-flatten": "공간 축이 필요한데 입력이 평탄화된 벡터 {shape}입니다",
    "fix.after-flatten": "flatten을 마지막 합성곱이나 풀링 뒤로 옮기기",
    "groups.channels": "groups: {groups}(으)로 입력 채널 {channels}개가 나누어 떨어지지 않습니다",
    "groups.filters": "groups: {groups}(으)로 필터 {filters}개가 나누어 떨어지지 않습니다",
    "dense.per-position": "마지막 축인 채널 {channels}개에 {positions} 위치마다 적용되어 "
                          "(Keras의 Dense처럼) {output}이(가) 됩니다; 분류기라면 보통 앞에 "
                          "flatten이 필요합니다",
    "dense.differs": "공간 텐서 {shape}에서 Keras의 Dense는 위치마다 채널 {channels}개에 적용되고 "
                     "(cnncalc는 두 프레임워크 모두 이렇게 계산합니다), PyTorch의 nn.Linear는 "
                     "채널 우선 텐서 {first}의 마지막 축인 {last} {size}에 적용됩니다 (채널을 "
                     "마지막으로 옮기지 않으면)",
    "explain.adaptive": "출력 {axis} {x} → {out}: 윈도우 i는 floor(i·{x}/{out}) … "
                        "ceil((i + 1)·{x}/{out}) − 1을 읽습니다",
    "clip.order": "min {min}이(가) max {max}보다 큽니다",
    "batchnorm.differs": "Keras는 γ, β와 이동 평균, 이동 분산을 셉니다: 4·{channels} = "
                         "{keras}개 (학습 불가 {pytorch}개); PyTorch는 2·{channels} = "
                         "{pytorch}개를 세고 통계는 버퍼로 둡니다",
    "batchnorm.formula": "γ {channels} (+{channels} β) + 이동 평균과 이동 분산 {statistics} "
                         "(학습 불가)",
    "pool.same.differs": "same 패딩: Keras는 {pads}만큼 패딩하고 패딩을 윈도우에서 뺍니다; "
                         "PyTorch 풀링은 숫자로 쓴 패딩만 받습니다",
    "pool.same.refused": "padding: PyTorch 풀링에는 padding='same'이 없습니다; 패딩을 숫자로 "
                         "쓰세요",
    "pool.half.differs": "{axis} 패딩 {pad}이(가) 윈도우 {kernel}의 절반보다 큽니다: PyTorch는 "
                         "거부하고, Keras 풀링에는 숫자로 쓰는 패딩이 없습니다",
    "pool.half.refused": "padding: PyTorch는 풀링 윈도우를 크기의 절반까지만 패딩합니다 "
                         "({axis}: {half}), 받은 값 {pad}",
    "fix.pool-half": "padding: {half} 이하",
    "output-padding.large": "output_padding: {axis} {op}은(는) 스트라이드 {stride}(또는 팽창 "
                            "{dilation})보다 작아야 합니다",
    "output-padding.differs": "output_padding {op}이(가) 스트라이드 {stride}보다 작지 않습니다: "
                              "Keras는 거부하고, PyTorch는 팽창 {dilation}보다 작으면 허용합니다",
    "output-padding.refused": "output_padding: Keras에서는 스트라이드 {stride}보다 작아야 "
                              "합니다",
    "transpose.same.differs": "same 패딩: Keras는 X·S개를 출력하고, PyTorch 전치 합성곱은 "
                              "숫자로 쓴 패딩만 받습니다",
    "transpose.same.refused": "padding: PyTorch 전치 합성곱에는 padding='same'이 없습니다",
    "fix.transpose-same": "padding: {pads}, output_padding: {extra} (같은 크기)",
    "transpose.valid.differs": "팽창한 커널보다 큰 스트라이드의 valid 패딩: Keras는 X·S = "
                               "{keras}, PyTorch는 (X − 1)·S + D·(K − 1) + 1 = {torch}",
    "reshape.multiple": "{known}의 배수",
    "reshape.count": "shape: {written}의 원소는 {holds}개인데 입력 {shape}의 원소는 "
                     "{count}개입니다",
    "fix.reshape-product": "곱이 입력의 원소 수인 크기들",
    "fix.reshape-infer": "크기 하나를 -1로 두어 추론하기",
    "crop.nothing": "{key}: {axis} {formula} = {out}: 남는 것이 없습니다",
    "fix.crop": "합계 {size}보다 적게 자르기",
    "verb.merge": "합칠",
    "verb.add": "더할",
    "verb.multiply": "곱할",
    "verb.subtract": "뺄",
    "verb.concatenate": "이을",
    "merge.inputs": "{verb} 입력이 적어도 2개 필요한데 {count}개입니다 ({names})",
    "fix.merge-inputs": "inputs: [{first}, <다른 레이어>]",
    "merge.rank": "{first}과(와) {other}을(를) {verb} 수 없습니다: 축 {rank}개 대 {other_rank}개",
    "fix.merge-rank": "두 갈래를 모두 평탄화하거나 둘 다 하지 않기",
    "merge.shape": "{first}과(와) {other}을(를) {verb} 수 없습니다: {axis} {size} ≠ "
                   "{other_size} ({rule})",
    "merge.source": "{name}의 {shape}",
    "merge.broadcast": "크기가 같거나 한쪽이 1이어야 합니다",
    "concat.only": "{axis}만 달라도 됩니다",
    "fix.concat-same": "{first}과(와) {other}의 {axis} 축 크기를 같게 하기",
    "concat.axis": "axis: {axis}은(는) 축 {rank}개인 입력의 범위(-{rank}에서 {last}) 밖입니다",
    "fix.concat-axis": "채널로 이으려면 axis를 빼기",
    "fix.merge-dense": "{name} 뒤에 units: {units}인 dense 레이어",
    "fix.merge-projection": "{name} 뒤에 {settings}인 1×1 합성곱 (투영 지름길)",
    "fix.merge-same": "{first}과(와) {other}의 형상을 같게 하기: {shape}과(와) {other_shape}",
    "constraint.exceeds": "{noun} {value}개가 {origin} {limit}을(를) {excess}만큼 넘습니다",
    "constraint.output": "출력 형상 {shape}이(가) {origin} {wanted}과(와) 다릅니다",
    "fix.or-sizes": " 또는 ",
    "fix.network-input": "신경망 입력을 {shown}(으)로 (cnncalc sizes가 모든 크기를 나열합니다)",
    "name.used": "이름 {name}은(는) 이미 쓰였습니다",
    "too-many": "레이어가 스펙의 한도인 {most}개보다 많습니다{why}",
    "too-many.blocks": " (블록을 펼친 뒤, {path} 안에서; repeat가 너무 큰가요?)",
    "block.input": "inputs: ${param}은(는) {use}을(를) 쓰는 곳에서 준 {name}인데, 그 위에 "
                   "{name}(이)라는 레이어가 없습니다",
    "fix.block-input": "{use}에 위에 쓴 레이어나 {input}을(를) 가리키는 {param}을(를) 주기",
    "graph.self": "inputs: 레이어는 자신의 출력을 읽을 수 없습니다",
    "fix.graph-self": "위에 쓴 레이어의 이름을 쓰기",
    "graph.cycle": "inputs: {name}은(는) 이 레이어 아래에 쓰였고 이 레이어를 읽습니다: 순환 "
                   "{loop}",
    "fix.graph-cycle": "신경망에는 순환이 없습니다; 이 레이어들 중 하나가 앞의 레이어를 읽게 "
                       "하기",
    "graph.forward": "inputs: {name}은(는) 이 레이어 아래에 쓴 {index}번째 레이어입니다; "
                     "레이어는 위의 레이어만 읽습니다",
    "fix.graph-forward": "{layer}을(를) {name} 아래로 옮기기",
    "graph.inputs": "inputs: {text}",
    "graph.repeat": "{name}(이)라는 레이어가 없습니다: repeat {repeat}이(가) 만든 인스턴스는 "
                    "{instances}입니다",
    "fix.graph-last": "혹시 {name}(마지막)인가요?",
    "graph.outside": "블록 인스턴스 {scope} 안에 {name}(이)라는 레이어가 없습니다: 블록의 "
                     "레이어는 서로와 {input}만 읽습니다; {name}은(는) 블록 밖에 있습니다",
    "fix.graph-outside": "{scope}을(를) 만드는 사용에 `inputs: {written}`을 주고, 여기서는 "
                         "{input}(으)로 읽기",
    "graph.unknown": "{name}(이)라는 레이어가 없습니다",
    "graph.unknown.block": "블록 인스턴스 {scope} 안에 {name}(이)라는 레이어가 없습니다",
    "fix.graph-above": "{layer} 위에 쓴 레이어나 {input}의 이름을 쓰기",
    "graph.unused": "출력을 아무도 읽지 않습니다{more}: 뒤의 어떤 레이어도 inputs에 이 "
                    "이름을 쓰지 않고, 신경망의 출력은 마지막 레이어뿐입니다",
    "graph.unused.more": " (블록 인스턴스 {count}개에서 더)",
    "fix.unused-merge": "병합 레이어의 inputs에 {name} 쓰기",
    "fix.unused-remove": "지우기",
    "field.too-large": "수용 영역이 입력 위치 {most}개를 넘습니다; 여기부터는 따라가지 "
                       "않습니다",
    "output.too-large": "출력 {shape}의 원소는 {count}개로, 어떤 프레임워크도 색인할 수 없는 "
                        "{most}개(int64)보다 많습니다",
    "sizes.title": "{title}: 입력 {shape}, 반올림 {rounding}, 크기 {low}–{high}",
    "sizes.no-axes": "  공간 축이 없습니다: 입력은 특징 벡터입니다",
    "sizes.coupled": "  연결됨: reshape가 축들을 묶습니다; 각 축은 나머지 축을 스펙의 크기로 두고 "
                     "확인합니다",
    "sizes.together": "  함께 올바른 크기 ({axes}, 각각 {low}–{top}): {together}{more} (조합 "
                      "{count}개)",
    "sizes.none": "없음",
    "sizes.count": "(크기 {count}개)",
    "sizes.count.one": "(크기 {count}개)",
    "sizes.output": "    출력 {axis} = {output}",
    "sizes.valid": "    {size}은(는) 올바릅니다",
    "sizes.invalid": "    {size}은(는) 올바르지 않습니다",
    "sizes.below": "아래로 {size}",
    "sizes.above": "위로 {size}",
    "sizes.nearest": "; 가장 가까운 올바른 크기: {near}",
    "sizes.limited": "    {layer}({index}번째 레이어)가 {size}을(를) 처음 거부합니다",
    "solve.title": "{kind}: {label} {size} → {target}, 반올림 {rounding}; 찾은 범위 {searched}",
    "solve.none": "  이 범위에는 그 크기를 주는 설정이 없습니다",
    "solve.limited": "  {found}개 중 {shown}개; --limit 0이면 전부 나열합니다",
    "solve.wanted": ", 출력 {shape}",
    "solve.free": "{title}: 스펙을 올바르게 하는 {free}{wanted}; 찾은 범위 {searched}",
    "solve.solution": "  {number}. {text}  → 출력 {shape}",
    "solve.no-combination": "  이 범위에는 그런 조합이 없습니다",
    "solve.only": "{framework}만",
    "solve.rounds-down": "내림",
    "layout.first": "입력 {shape}을(를) PyTorch처럼 채널 우선으로 읽습니다: {first} (그렇다고 "
                    "쓰려면 {option}channels_first)",
    "layout.last": "입력 {shape}을(를) 채널 마지막으로 {last}(으)로 읽지만, 첫 크기가 채널 수로 "
                   "보입니다",
    "fix.layout-first": "{first}(이)라면 {option}channels_first (PyTorch의 C×H×W처럼)",
    "fix.layout-keep": "{option}channels_last (지금처럼 읽기)",
    "layout.signal": "입력 {shape}을(를) 1차원 신호로 읽습니다: {signal}",
    "fix.layout-image": "{length}×{channels} 흑백 이미지라면 {image}",
    "layout.length": "길이 {length}",
    "layout.channel": "{where}의 채널 {count}개",
    "layout.channels": "{where}의 채널 {count}개",
    "source.inline": "<명령줄>",
    "source.network": "신경망",
    "kinds.header": "| 종류 | 파라미터 (기본값) | 하는 일 |",
    "kinds.no-params": "  파라미터 없음",
    "kinds.output": "공간 축마다의 출력 크기: {rule}",
    "kinds.count": "학습 파라미터: {rule}",
    "block.form": "{key}: ${name}은(는) $파라미터가 아닙니다: $와 이름(문자, 숫자, _)을 쓰세요",
    "block.not-param": "{key}: ${name}은(는) 블록 {block}의 파라미터가 아닙니다",
    "fix.block-name": "$와 블록 {block}의 params:에 선언한 이름",
    "fix.block-declare": "블록 {block}에 선언하기: params: {{{name}: null}}",
    "fix.block-write": "${name}(으)로 쓰고 {declare}",
    "blocks.mapping": "blocks: 블록 이름의 매핑이 필요한데 {got}입니다",
    "block.identifier": "블록 이름 {name}: 문자, 숫자, _만 쓰세요",
    "block.kind": "블록 이름 {name}은(는) 이미 레이어 종류입니다",
    "fix.block-rename": "블록 이름을 {name}_block(으)로",
    "block.body": "블록 {name}: `params:`(선택)와 비어 있지 않은 `layers:` 리스트가 필요합니다",
    "block.params": "블록 {name}: params: {{filters: null, stride: 1}} 같은 매핑이 필요한데 "
                    "(null: 필수) {got}입니다",
    "block.param-name": "블록 {name}: {param}은(는) 파라미터 이름이 될 수 없습니다 (문자, 숫자, "
                        "_, 그리고 {reserved} 제외)",
    "block.outside": "{key}: ${name}: $파라미터는 블록의 레이어만 쓸 수 있습니다",
    "block.cycle": "블록 {name}이(가) 자신을 담은 {inner}을(를) 씁니다: {loop}",
    "fix.block-cycle": "블록은 자신을 담을 수 없습니다",
    "block.depth": "블록이 {depth} 단계보다 깊게 중첩되었습니다 ({chain})",
    "block.required": "블록 {block}에는 {name}이(가) 필요합니다",
    "fix.block-required": "이 사용에 `{name}: …` 추가",
    "block.inputs": "inputs: 블록은 레이어 하나를 읽는데 {got}입니다",
    "fix.block-inputs": "레이어들을 먼저 병합하고 블록에 그 병합을 주기",
    "listed.more": ", … (외 {rest}개)",
    "permute.order": "axes: {axes}은(는) 축 {order}의 순서가 아닙니다: 각 축이 한 번씩 있어야 "
                     "합니다",
    "permute.count": "axes: {axes}은(는) 축 {count}개의 순서인데 입력 {shape}의 축은 {rank}개입니다",
    "fix.permute": "axes: {order}의 순서, 예: {example}",
    "explain.permute": "{shape}을(를) {axes} 순서로 = {out}",
    "field.permute": "permute는 축을 옮깁니다: 출력의 위치가 더 이상 각 축의 입력 위치가 아니므로 "
                     "이 레이어와 뒤의 레이어에는 수용 영역이 없습니다",
    "field.reshape": "reshape는 원소를 새로 배치합니다: 위치가 입력의 위치가 아니므로 이 레이어와 "
                     "뒤의 레이어에는 수용 영역이 없습니다",
    "field.unknown": "{kind}은(는) cnncalc가 따라가지 않는 방식으로 위치를 옮기므로 이 레이어와 "
                     "뒤의 레이어에는 수용 영역이 없습니다",
    "field.join": "입력들을 {axis} 방향으로 잇습니다: 각 입력의 출력은 그 입력의 띠를 읽고, 모든 "
                  "입력에 걸쳐 한 칸씩 움직이는 띠가 없으므로 이 레이어와 뒤의 레이어에는 수용 "
                  "영역이 없습니다",
    "field.jumps": "수용 영역이 서로 다른 간격으로 움직이는 갈래들을 잇습니다 (간격 {steps}): "
                   "출력 사이의 한 칸이 갈래마다 입력에서 다른 거리이므로 이 연결에는 수용 영역이 "
                   "없습니다",
    "fix.field-jumps": "갈래들의 전체 스트라이드(스트라이드의 곱을 업샘플링으로 나눈 값)를 같게 "
                       "하기",
    "groupnorm.groups": "groups: 채널 {channels}개가 {groups}개의 같은 그룹으로 나뉘지 않습니다",
    "groupnorm.single": "그룹마다 값이 하나뿐이라 분산이 0입니다: groupnorm은 β만 출력합니다 "
                        "(PyTorch는 배치 하나에서 거부합니다)",
    "fix.groupnorm-single": "그룹 수를 줄이거나, 특징 맵을 1×1로 줄이는 레이어들 앞에 두기",
    "instancenorm.single": "채널마다 위치가 하나뿐이라 분산이 0입니다: PyTorch는 거부합니다 "
                           "(Expected more than 1 spatial element)",
    "fix.instancenorm-single": "특징 맵을 1×1로 줄이는 레이어들 앞에 두기",
    "import.not-a-model": "cnncalc가 가져오는 모델이 아닙니다: .keras, Keras .json이나 .h5, "
                          ".onnx 파일, 또는 module.path:factory나 file.py:Class 형태의 PyTorch "
                          "모듈을 주세요",
    "import.not-keras": "Keras 모델 설정이 아닙니다 (맨 위에 class_name Sequential, Functional, "
                        "Model이 없음)",
    "status.agrees": "일치",
    "status.differs": "불일치",
    "status.unsupported": "지원 안 됨",
    "status.failed": "실패",
    "status.not-run": "실행 안 됨",
    "verify.input-failed": "신경망 입력 ({shape})을(를) 만들 수 없습니다: {failure}",
    "verify.stopped": "{name}이(가) 실행되지 않았습니다",
    "verify.stored": "학습 불가: 계산 {engine}, 백엔드 {backend}",
    "cli.no-specs": "스펙 파일(- 는 표준 입력)을 주거나, --input과 인라인 레이어를 주세요",
    "cli.inline-only": "--{key}은(는) 인라인 스펙(--input ...)용입니다; 스펙 파일은 자신의 "
                       "`{key}:`를 씁니다",
    "cli.one-spec": "{command}은(는) 스펙 파일 하나를 받는데 {specs}은(는) {count}개입니다",
    "cli.style": "--style {style}은(는) --format svg나 html용입니다",
    "cli.export-refused": "{title}: {target}(으)로 내보낼 수 없습니다: {reason}",
    "cli.device": "--device {device}에는 --backend torch가 필요합니다",
    "cli.sizes": "3x224x224 같은 크기가 필요한데 {value}입니다",
    "cli.cannot-write": "{output}: {error}: 쓸 수 없습니다: {reason}",
    "cli.unknown-kind": "알 수 없는 레이어 종류 {name}; {hint}",
    "cli.kinds-lists": "`cnncalc kinds`가 종류를 나열합니다",
    "cli.range": "1 ≤ MIN ≤ MAX인 MIN:MAX가 필요합니다, 예: 1:4096; 받은 값 {value}",
    "cli.range-size": "한 번에 크기 {most}개까지입니다; 받은 값 {value}",
    "cli.solve-what": "레이어 KIND에는 --input과 --output을, SPEC에는 --free를 주세요",
    "cli.solve-axes": "--input과 --output의 축 수가 같아야 합니다",
    "cli.stdin-once": "- (표준 입력)은 한 번만 줄 수 있습니다",
}

# The command line's help, keyed by its English wording (as gettext keys a catalog), a
# paragraph each: the commands' docstrings (their example blocks, `\b` paragraphs, are shown
# as they are), every option's help and click's headings. A text missing here is shown in
# English (tests/test_korean.py finds it).
HELP = {
    'Shape and parameter arithmetic for convolutional networks.':
        '합성곱 신경망의 형상(shape)과 학습 파라미터 계산.',
    'Show the version and exit.':
        '버전을 보여 주고 끝냅니다.',
    'Language of messages and help: en or ko (default: from LC_ALL, LC_MESSAGES, LANG).':
        '메시지와 도움말의 언어: en 또는 ko (기본값: LC_ALL, LC_MESSAGES, LANG에서).',
    'Shapes and parameter counts of each layer of each spec.':
        '스펙마다 각 레이어의 출력 형상과 학습 파라미터 수.',
    'SPECS are YAML files (- reads stdin), directories and glob patterns, found as '
    '`check`\n'
    'finds them. With --input, they are inline layers instead, KIND[:key=value,...], '
    'where\n'
    '3x3 is a list and true/false are booleans.':
        'SPECS는 YAML 파일(- 는 표준 입력), 디렉터리, glob 패턴이며 `check`와 같은 방식으로\n'
        '찾습니다. --input을 주면 SPECS 대신 인라인 레이어 KIND[:key=value,...]이고, 3x3은\n'
        '리스트, true/false는 불리언입니다.',
    'Exit status: 0 every spec valid, 1 a spec is invalid, 2 the command line is wrong.':
        '종료 코드: 0 모든 스펙이 올바름, 1 올바르지 않은 스펙이 있음, 2 명령줄이 잘못됨.',
    'Inline spec: the input shape, e.g. 39x31x1. The arguments are then layers.':
        '인라인 스펙: 입력 데이터의 형상, 예: 39x31x1. 인자들은 레이어가 됩니다.',
    'Inline spec: the title.':
        '인라인 스펙: 제목.',
    'Inline spec: channels order.':
        '인라인 스펙: 채널 순서.',
    "Default for every layer; replaces a spec file's `bias:`.":
        '모든 레이어의 기본값; 스펙 파일의 `bias:`를 대신합니다.',
    "Override the spec's rounding mode.":
        '스펙의 반올림 방식(rounding)을 바꿉니다.',
    'Show the arithmetic behind every number.':
        '모든 숫자 뒤의 계산 과정을 보여 줍니다.',
    "Table: list N levels of blocks; deeper ones fold into their block's row. HTML: "
    'one node per block at level N in the picture.':
        '표: 블록을 N 단계까지 나열하고 더 깊은 것은 블록의 행으로 접습니다. HTML: 그림에서 N 단계의 블록마다 노드 하나.',
    'Table, markdown, CSV and HTML columns, comma-separated: input, output, nobias, '
    'params, share, trainable, non_trainable, macs, flops, activations, memory, '
    'param_memory, rf, jump, start.':
        '표, 마크다운, CSV, HTML의 열(쉼표로 구분): input, '
        'output, nobias, params, share, trainable, non_trainable, macs, flops, '
        'activations, memory, param_memory, rf, jump, start.',
    'Whose rules apply where Keras and PyTorch '
    "differ (default: the spec's framework:, "
    'else keras). With --input, pytorch reads 3x224x224 as C×H×W.':
        'Keras와 PyTorch가 다른 곳에서 누구의 규칙을 따를지 (기본값: '
        '스펙의 framework:, 없으면 keras). --input과 함께 pytorch는 3x224x224를 C×H×W로 읽습니다.',
    'List every layer whose result or validity differs between Keras and PyTorch.':
        'Keras와 PyTorch에서 결과나 유효성이 다른 레이어를 모두 나열합니다.',
    'Bytes per number for activation and parameter memory.':
        '활성화 메모리와 파라미터 메모리에서 숫자 하나의 바이트 수.',
    'Show errors only: no warnings or notes.':
        '오류만 보여 줍니다: 경고나 참고는 없음.',
    "Limit: most parameters in total (replaces the spec's constraints.max_params).":
        '제한: 전체 학습 파라미터의 최댓값 (스펙의 constraints.max_params를 대신함).',
    "Limit: most parameters in any one layer (replaces the spec's "
    'constraints.max_params_per_layer).':
        '제한: 한 레이어의 학습 파라미터 최댓값 (스펙의 constraints.max_params_per_layer를 대신함).',
    "Limit: most multiply-accumulates in total, per sample (replaces the spec's "
    'constraints.max_macs).':
        '제한: 샘플 하나당 전체 곱셈-누적(MAC) 최댓값 (스펙의 constraints.max_macs를 대신함).',
    "Limit: the shape the last layer must produce, in the spec's layout (replaces "
    "the spec's constraints.output_shape).":
        '제한: 마지막 레이어가 만들어야 하는 형상, 스펙의 레이아웃으로 (스펙의 constraints.output_shape를 대신함).',
    "A picture of one spec's network: each layer with its kind, output shape and\n"
    'parameters, the wiring, and blocks around their layers.':
        '스펙 하나의 신경망 그림: 레이어마다 종류, 출력 형상, 학습 파라미터, 연결, 그리고\n'
        '레이어를 둘러싼 블록.',
    'An invalid spec is not drawn: its errors go to stderr and the exit status is 1.\n'
    'Exit status: 0 drawn, 1 the spec is invalid, 2 the command line is wrong.':
        '올바르지 않은 스펙은 그리지 않습니다: 오류는 stderr로 가고 종료 코드는 1입니다.\n'
        '종료 코드: 0 그림, 1 스펙이 올바르지 않음, 2 명령줄이 잘못됨.',
    "Whose rules apply where Keras and PyTorch differ (default: the spec's "
    'framework:, else keras).':
        'Keras와 PyTorch가 다른 곳에서 누구의 규칙을 따를지 (기본값: 스펙의 framework:, 없으면 keras).',
    'svg and html are drawn by cnncalc; mermaid and dot are text for Mermaid and Graphviz.':
        'svg와 html은 cnncalc가 그리고, mermaid와 dot은 Mermaid와 Graphviz용 텍스트입니다.',
    "SVG and HTML: the wiring top to bottom, or each layer's output as a cuboid of "
    'feature maps, left to right.':
        'SVG와 HTML: 위에서 아래로의 연결, 또는 레이어마다 출력을 특징 맵의 직육면체로 왼쪽에서 오른쪽으로.',
    'One node per block at level N: deeper layers fold into it.':
        'N 단계의 블록마다 노드 하나: 더 깊은 레이어는 그 안으로 접힙니다.',
    'Write the picture to this file instead of stdout.':
        '그림을 stdout 대신 이 파일에 씁니다.',
    'One spec as runnable code: a PyTorch or Keras 3 model in one Python file.':
        '스펙 하나를 실행할 수 있는 코드로: Python 파일 하나에 PyTorch 또는 Keras 3 모델.',
    'The PyTorch file holds one nn.Module, the Keras file a functional model; layers are\n'
    "named after the spec's (docs/export.md has the mapping).":
        'PyTorch 파일은 nn.Module 하나를, Keras 파일은 함수형 모델을 담고, 레이어 이름은\n'
        '스펙의 이름을 따릅니다 (대응표는 docs/export.md).',
    'An invalid spec, or one the framework cannot express, is not written: the reasons go\n'
    'to stderr and the exit status is 1.\n'
    'Exit status: 0 written, 1 the spec is invalid or cannot be expressed, 2 the command\n'
    'line is wrong.':
        '올바르지 않은 스펙이나 프레임워크가 표현할 수 없는 스펙은 쓰지 않습니다: 이유는\n'
        'stderr로 가고 종료 코드는 1입니다.\n'
        '종료 코드: 0 씀, 1 스펙이 올바르지 않거나 표현할 수 없음, 2 명령줄이 잘못됨.',
    'The framework whose code is written.':
        '코드를 쓸 프레임워크.',
    'Write the file here instead of stdout.':
        '파일을 stdout 대신 여기에 씁니다.',
    'Run each spec on a random batch and check every shape and parameter count.':
        '스펙마다 무작위 배치로 실행하여 모든 형상과 학습 파라미터 수를 확인합니다.',
    'Each layer is built as a real operation (numpy, or torch.nn modules), a random '
    'float32\n'
    "batch goes through the network, and the output shape of every layer's array and the\n"
    'sizes of the weights it created are compared with what the engine computed.':
        '레이어마다 실제 연산(numpy 또는 torch.nn 모듈)을 만들고, 무작위 float32 배치를\n'
        '신경망에 통과시켜, 각 레이어 배열의 출력 형상과 만든 가중치의 크기를 엔진이 계산한\n'
        '값과 비교합니다.',
    'Exit status: 0 every layer of every spec agrees, 1 a layer disagrees or a spec is\n'
    'invalid or cannot be run, 2 the command line is wrong.':
        '종료 코드: 0 모든 스펙의 모든 레이어가 일치, 1 일치하지 않는 레이어가 있거나 스펙이\n'
        '올바르지 않거나 실행할 수 없음, 2 명령줄이 잘못됨.',
    "numpy is built in; torch needs pip install 'cnncalc[torch]'.":
        "numpy는 내장되어 있고, torch는 pip install 'cnncalc[torch]'가 필요합니다.",
    'Items in the random batch.':
        '무작위 배치의 항목 수.',
    'Seed of the random input and weights.':
        '무작위 입력과 가중치의 시드.',
    'Where the torch backend runs.':
        'torch 백엔드가 실행될 곳.',
    'Refuse a run estimated to need more memory, e.g. 512M or 8G.':
        '이보다 많은 메모리가 필요할 것으로 추정되는 실행은 거부합니다, 예: 512M 또는 8G.',
    'Check many specs at once, for CI: one line per spec, then a tally.':
        '여러 스펙을 한 번에 확인합니다 (CI용): 스펙마다 한 줄, 그다음 집계.',
    'PATHS are files (- reads stdin), directories (searched for *.yaml and *.yml, '
    'hidden ones\n'
    'skipped) and glob patterns (expanded here, so they may be quoted).':
        'PATHS는 파일(- 는 표준 입력), 디렉터리(*.yaml과 *.yml을 찾고 숨은 것은 건너뜀),\n'
        'glob 패턴(여기서 펼치므로 따옴표로 감싸도 됨)입니다.',
    "A spec may set its own limits under `constraints:` (the limit options' names with\n"
    'underscores: max_params, ...); the options override them. Exit status: 0 every spec\n'
    'valid, 1 a spec is invalid or unreadable, 2 the command line is wrong.':
        '스펙은 `constraints:` 아래에 자신의 제한을 둘 수 있고 (제한 옵션의 이름을 밑줄로:\n'
        'max_params, ...), 옵션이 그것을 대신합니다. 종료 코드: 0 모든 스펙이 올바름,\n'
        '1 올바르지 않거나 읽을 수 없는 스펙이 있음, 2 명령줄이 잘못됨.',
    "Override every spec's rounding mode.":
        '모든 스펙의 반올림 방식(rounding)을 바꿉니다.',
    'text for people, github for Actions annotations, junit for GitLab/Jenkins, json '
    'for scripts.':
        'text는 사람용, github는 Actions 주석, junit은 GitLab/Jenkins, json은 스크립트용.',
    "Whose rules apply where Keras and PyTorch differ (default: each spec's "
    'framework:, else keras).':
        'Keras와 PyTorch가 다른 곳에서 누구의 규칙을 따를지 (기본값: 각 스펙의 framework:, 없으면 keras).',
    'Warnings are errors: a spec with a warning is invalid (exit 1).':
        '경고도 오류로: 경고가 있는 스펙은 올바르지 않습니다 (종료 코드 1).',
    'Show errors only: no warnings (json keeps them).':
        '오류만 보여 줍니다: 경고는 없음 (json은 유지).',
    'Processes to check with, at most (and by default) one per core this process may use.':
        '검사에 쓸 프로세스 수: 이 프로세스가 쓸 수 있는 코어마다 하나까지 (기본값도 그만큼).',
    'Write the spec of a Keras, ONNX or PyTorch model.':
        'Keras, ONNX 또는 PyTorch 모델의 스펙을 씁니다.',
    'SOURCE is a .keras file, a Keras model.to_json() file (or legacy .h5), an .onnx '
    'file,\n'
    'or a PyTorch module as package.module:factory or file.py:Class (which runs that\n'
    'Python code, and needs torch and --input).':
        'SOURCE는 .keras 파일, Keras model.to_json() 파일(또는 예전 .h5), .onnx 파일, 또는\n'
        'package.module:factory나 file.py:Class 형태의 PyTorch 모듈입니다 (이 경우 그 Python\n'
        '코드를 실행하며 torch와 --input이 필요합니다).',
    'Keras and ONNX files are read as data: nothing in them is executed. Exit status: 0\n'
    'written, 1 the model cannot be read or holds an unsupported op, 2 the command line\n'
    'is wrong.':
        'Keras와 ONNX 파일은 데이터로만 읽습니다: 그 안의 어떤 것도 실행하지 않습니다.\n'
        '종료 코드: 0 씀, 1 모델을 읽을 수 없거나 지원하지 않는 연산이 있음, 2 명령줄이 잘못됨.',
    'Write the spec to this file (default: stdout).':
        '스펙을 이 파일에 씁니다 (기본값: stdout).',
    "The input without the batch, in the model's layout (Keras 224x224x3, "
    'ONNX/PyTorch 3x224x224). Needed for PyTorch and symbolic sizes.':
        '배치를 뺀 입력, 모델의 레이아웃으로 (Keras 224x224x3, ONNX/PyTorch 3x224x224). PyTorch와 기호 크기에 필요합니다.',
    'Write the spec up to the first op cnncalc has no kind for.':
        'cnncalc에 종류가 없는 첫 연산 앞까지 스펙을 씁니다.',
    'Print the JSON Schema of the spec format, for editors and other validators.':
        '스펙 형식의 JSON Schema를 출력합니다 (편집기와 다른 검증기용).',
    'Every layer kind with its parameters, or each KIND named in full.':
        '모든 레이어 종류와 그 파라미터, 또는 이름을 준 KIND의 전체 설명.',
    'The list marks required parameters with * and gives defaults in brackets. A '
    'KIND named\n'
    'is shown with every parameter, its output size and its learnable parameters.':
        '목록에서 필수 파라미터는 *로, 기본값은 대괄호로 표시합니다. 이름을 준 KIND는 모든\n'
        '파라미터, 출력 크기, 학습 파라미터를 보여 줍니다.',
    'markdown is the table in the README.':
        '마크다운은 README의 표입니다.',
    "Draw one layer's sliding window, per axis.":
        '레이어 하나의 슬라이딩 윈도우를 축마다 그립니다.',
    "The input positions with the padding cells, the positions each output's window\n"
    'reads, those no window reads (what a floor drops, a stride or a dilation skips), and\n'
    'the arithmetic. A wide axis shows its first and last windows.':
        '패딩 칸이 붙은 입력 위치, 각 출력의 윈도우가 읽는 위치, 어떤 윈도우도 읽지 않는\n'
        '위치(floor가 버리는 것, 스트라이드나 팽창(dilation)이 건너뛰는 것), 그리고 계산.\n'
        '넓은 축은 처음과 마지막 윈도우를 보여 줍니다.',
    'Exit status: 0 drawn, 1 the spec is invalid (what can be drawn still is),\n'
    '2 the command line is wrong.':
        '종료 코드: 0 그림, 1 스펙이 올바르지 않음 (그릴 수 있는 것은 그림), 2 명령줄이 잘못됨.',
    "The spec's layer to draw.":
        '그릴 스펙의 레이어.',
    "One-layer form: the input's spatial size, e.g. 7 or 39x31.":
        '레이어 하나 형식: 입력의 공간 크기, 예: 7 또는 39x31.',
    "One-layer form: the kernel (a pooling's size), e.g. 3 or 3x2.":
        '레이어 하나 형식: 커널(풀링이면 풀링 크기), 예: 3 또는 3x2.',
    'One-layer form: the stride.':
        '레이어 하나 형식: 스트라이드.',
    'One-layer form: the padding, a number, same or valid.':
        '레이어 하나 형식: 패딩, 숫자 또는 same, valid.',
    'One-layer form: the dilation (convolutions).':
        '레이어 하나 형식: 팽창(dilation) (합성곱).',
    "Override the spec's rounding mode (floor draws what it drops).":
        '스펙의 반올림 방식(rounding)을 바꿉니다 (floor는 버리는 것을 그립니다).',
    'Whose rules apply where Keras and PyTorch differ.':
        'Keras와 PyTorch가 다른 곳에서 누구의 규칙을 따를지.',
    "The longest line (default: the terminal's width).":
        '가장 긴 줄 (기본값: 터미널의 너비).',
    'Every network input size, axis by axis, for which each spec is valid.':
        '스펙마다, 축마다 올바른 신경망 입력 크기 전부.',
    "An axis is tried alone, the others at the spec's own sizes. The valid sizes are "
    'written\n'
    'compactly (16·k + 12 for k ≥ 2), with the '
    'output size as a function of the input where\n'
    "it is one, the nearest valid sizes around the spec's own, and the first layer "
    'to reject\n'
    'the nearest invalid size.':
        '축 하나만 바꾸고 나머지는 스펙의 크기로 둡니다. 올바른 크기는 간결하게(k ≥ 2일 때\n'
        '16·k + 12) 쓰고, 출력 크기가 입력의 함수이면 그 식, 스펙의 크기에 가장 가까운 올바른\n'
        '크기, 가장 가까운 올바르지 않은 크기를 거부하는 첫 레이어를 함께 보여 줍니다.',
    'Exit status: 0 every spatial axis of every spec has a valid size in the range, 1 one\n'
    'has none or a spec cannot be read, 2 the command line is wrong.':
        '종료 코드: 0 모든 스펙의 모든 공간 축에 범위 안의 올바른 크기가 있음, 1 없는 축이\n'
        '있거나 스펙을 읽을 수 없음, 2 명령줄이 잘못됨.',
    'Input sizes tried on each axis, both ends included.':
        '각 축에서 시도할 입력 크기, 양 끝 포함.',
    'The settings that give a layer a size, or free parameters that fit a spec.':
        '레이어에 원하는 크기를 주는 설정, 또는 스펙에 맞는 자유 파라미터.',
    'With KIND (a layer kind with a stride: conv, maxpool, avgpool, minpool, '
    'depthwise_conv,\n'
    'separable_conv, conv_transpose), every setting in bounded ranges is taken '
    'through the\n'
    "same arithmetic as `summary`, under Keras's and PyTorch's rules, and those giving\n"
    'exactly the output are listed, the usual choices first.':
        'KIND(스트라이드가 있는 레이어 종류: conv, maxpool, avgpool, minpool, depthwise_conv,\n'
        'separable_conv, conv_transpose)를 주면 범위 안의 모든 설정을 `summary`와 같은 계산으로\n'
        'Keras와 PyTorch 규칙에 따라 시도하고, 정확히 그 출력을 주는 설정을 흔한 것부터\n'
        '나열합니다.',
    "With SPEC and --free, every combination of the free parameters' values is "
    'walked, and\n'
    'those with which the spec is valid (and gives --output-shape) are listed, '
    'nearest the\n'
    "spec's own values first.":
        'SPEC과 --free를 주면 자유 파라미터 값의 모든 조합을 시도하고, 스펙이 올바른 (그리고\n'
        '--output-shape를 주는) 조합을 스펙의 값에 가까운 것부터 나열합니다.',
    'Exit status: 0 something was found (for every axis), 1 nothing was, or the spec '
    'cannot\n'
    'be read, 2 the command line is wrong.':
        '종료 코드: 0 (모든 축에서) 무언가 찾음, 1 찾지 못했거나 스펙을 읽을 수 없음,\n'
        '2 명령줄이 잘못됨.',
    "KIND: the layer's input size: 224, or one per axis, 224x160.":
        'KIND: 레이어의 입력 크기: 224, 또는 축마다 224x160.',
    'KIND: the output size wanted, as --input.':
        'KIND: 원하는 출력 크기, --input처럼.',
    'KIND: keep a parameter at a value instead of searching it (repeatable).':
        'KIND: 파라미터를 찾지 않고 이 값으로 고정합니다 (여러 번 가능).',
    'SPEC: the parameters to solve for; LAYER.PARAM=MIN:MAX gives the range.':
        'SPEC: 풀 파라미터; LAYER.PARAM=MIN:MAX가 범위를 줍니다.',
    'SPEC: the network output wanted, as the spec writes shapes (388x388x2).':
        'SPEC: 원하는 신경망 출력, 스펙이 형상을 쓰는 대로 (388x388x2).',
    'KIND: floor (default) also lists settings that round down (marked), strict only '
    "exact ones. SPEC: overrides the spec's.":
        'KIND: floor(기본값)는 내림되는 설정도 (표시하여) 나열하고, strict는 정확한 것만. SPEC: 스펙의 것을 대신합니다.',
    'Whose rules apply (KIND default: either, marked; SPEC default: its own).':
        '따를 규칙 (KIND 기본값: 둘 다, 표시; SPEC 기본값: 스펙의 것).',
    'Settings shown (per axis); 0 for every one.':
        '보여 줄 설정 수 (축마다); 0이면 전부.',
    'Options':
        '옵션',
    'Commands':
        '명령',
    'Arguments':
        '인자',
    'Show this message and exit.':
        '이 도움말을 보여 주고 끝냅니다.',
}

# The usage errors click words itself: a pattern of its English message and the wording here.
CLICK = {
    r"No such option '([^']*)'\.": r"'\1' 옵션은 없습니다.",
    r"No such command '([^']*)'\.": r"'\1' 명령은 없습니다.",
    r"\(Did you mean one of: (.*)\?\)": r"(혹시: \1?)",
    r"\(Did you mean (.*)\?\)": r"(혹시 \1?)",
    r"Invalid value for (.*?): ": r"\1의 값이 잘못되었습니다: ",
    r"'([^']*)' is not one of (.*)\.": r"'\1'은(는) \2 중 하나가 아닙니다.",
    r"Missing argument '([^']*)'\.": r"'\1' 인자가 없습니다.",
    r"Missing option '([^']*)'\.": r"'\1' 옵션이 없습니다.",
    r"Option '([^']*)' requires an argument\.": r"'\1' 옵션에는 값이 필요합니다.",
    r"Got unexpected extra arguments? \((.*)\)": r"예상하지 못한 인자가 있습니다 (\1)",
    r"'([^']*)' is not a valid integer\.": r"'\1'은(는) 올바른 정수가 아닙니다.",
    r"([-\d]+) is not in the range (.*)\.": r"\1은(는) 범위 \2 안에 있지 않습니다.",
}

MESSAGES.update({
    "explain.resize": "출력 {axis} {size} → {value}",
    "upsample.both": "scale과 output 중 하나만 주세요",
    "fix.upsample-scale": "scale 빼기",
    "fix.upsample-output": "output 빼기",
    "upsample.corners": "align_corners는 {mode}이(가) 아니라 bilinear 모드에 씁니다",
    "fix.upsample-bilinear": "mode: bilinear",
    "fix.upsample-corners": "align_corners: false",
    "pool.dilation.differs": "{axis} 팽창 {dilation}: PyTorch의 MaxPool은 받고, Keras 풀링에는 "
                             "팽창이 없습니다",
    "pool.dilation.refused": "dilation: Keras 풀링에는 팽창이 없습니다",
    "fix.pool-dilation-framework": "framework: pytorch (MaxPool의 팽창)",
    "fix.pool-dilation": "dilation: 1",
    "causal.rank": "padding: causal은 1차원 합성곱(Keras Conv1D)에 씁니다; 이 입력의 공간 축은 "
                   "{rank}개입니다",
    "fix.causal-same": "padding: same",
    "fix.causal-pad": "앞에 그 패딩을 넣는 pad 레이어",
    "depth.rank": "2차원 맵(높이, 너비, 채널)을 재배열합니다; 입력은 {shape}입니다",
    "depth.channels": "채널 {channels}개가 r² = {blocks}개씩의 블록으로 나누어 떨어지지 않습니다",
    "fix.depth-channels": "앞 레이어의 채널 {count}개",
    "depth.axis": "{axis} {size}이(가) {factor}씩의 블록으로 나누어 떨어지지 않습니다",
    "fix.depth-axis": "입력 {axis} {size}",
    "explain.depth": "{height}, {width}, 채널 {channels}",
    "normalize.formula": "평균 {channels} + 분산 {channels} + 개수 1 (학습 불가)",
    "normalize.fixed": "평균과 분산은 상수입니다",
    "layer-scale.formula": "γ {channels}",
})

# The layer kinds' and parameters' descriptions (`cnncalc kinds`, the `(kernel size)` of a
# missing parameter), keyed by their English wording as HELP is; formulas alone need none.
DOCS = {
    'linear activation':
        'linear 활성화 함수 (항등)',
    'unchanged':
        '그대로',
    'relu activation':
        'relu 활성화 함수',
    'relu6 activation':
        'relu6 활성화 함수',
    'leaky_relu activation':
        'leaky_relu 활성화 함수',
    'elu activation':
        'elu 활성화 함수',
    'selu activation':
        'selu 활성화 함수',
    'gelu activation':
        'gelu 활성화 함수',
    'sigmoid activation':
        'sigmoid 활성화 함수',
    'hard_sigmoid activation':
        'hard_sigmoid 활성화 함수',
    'tanh activation':
        'tanh 활성화 함수',
    'softmax activation':
        'softmax 활성화 함수',
    'log_softmax activation':
        'log_softmax 활성화 함수',
    'softplus activation':
        'softplus 활성화 함수',
    'softsign activation':
        'softsign 활성화 함수',
    'silu activation':
        'silu 활성화 함수',
    'swish activation':
        'swish 활성화 함수',
    'hard_swish activation':
        'hard_swish 활성화 함수',
    'mish activation':
        'mish 활성화 함수',
    'holds each value within [min, max]':
        '각 값을 [min, max] 안으로 자릅니다',
    'lowest value kept':
        '남기는 가장 작은 값',
    'highest value kept':
        '남기는 가장 큰 값',
    'zeroes a fraction of elements while training':
        '학습 중에 원소의 일부를 0으로 만듭니다',
    'fraction dropped':
        '버리는 비율',
    'convolution over 1, 2 or 3 spatial axes':
        '공간 축 1, 2, 3개에 대한 합성곱',
    '`(X + 2P − D·(K − 1) − 1)/S + 1`; channels = filters':
        '`(X + 2P − D·(K − 1) − 1)/S + 1`; 채널 = 필터 수',
    '`C_in/groups · Π K · filters` weights, `filters` bias':
        '가중치 `C_in/groups · Π K · filters`, 편향 `filters`',
    'output channels':
        '출력 채널 수 (필터 수)',
    'kernel size':
        '커널(필터) 크기',
    'zeros added on each side, valid (0) or same':
        '양쪽에 더하는 0의 수, valid (0) 또는 same',
    'spacing between kernel taps':
        '커널 원소 사이의 간격 (팽창)',
    'channel groups; filters and input channels must divide':
        '채널 그룹 수; 필터 수와 입력 채널 수를 나누어야 합니다',
    "learn a bias; defaults to the spec's bias":
        '편향을 학습할지; 기본값은 스펙의 bias',
    'applied to the output; shape and counts unchanged':
        '출력에 적용; 형상과 파라미터 수는 그대로',
    'fully connected layer on the last axis':
        '마지막 축에 대한 완전 연결 레이어',
    "the last axis becomes `units` (as Keras's `Dense`; put `flatten` before it for a vector)":
        '마지막 축이 `units`가 됩니다 (Keras의 `Dense`처럼; 벡터로 만들려면 앞에 `flatten`)',
    '`in · units` weights, `units` bias':
        '가중치 `in · units`, 편향 `units`',
    'output features':
        '출력 특징 수',
    'element-wise sum of its inputs (a residual join)':
        '입력들의 원소별 합 (잔차 연결)',
    "the inputs' common shape (size-1 axes broadcast)":
        '입력들의 공통 형상 (크기 1인 축은 브로드캐스트)',
    'element-wise product of its inputs (a gate, as in squeeze-and-excitation)':
        '입력들의 원소별 곱 (squeeze-and-excitation 같은 게이트)',
    'element-wise difference: the first input minus the others':
        '원소별 차: 첫 입력에서 나머지를 뺍니다',
    'joins its inputs along channels, or along `axis`':
        '입력들을 채널 방향으로, 또는 `axis` 방향으로 잇습니다',
    'the inputs joined along channels (or `axis`)':
        '채널(또는 `axis`) 방향으로 이은 입력들',
    'axis as the spec writes shapes, batch excluded; negative counts from the end; default: channels':
        '스펙이 형상을 쓰는 대로의 축, 배치 제외; 음수는 끝에서부터; 기본값: 채널',
    'largest value of each window':
        '각 윈도우의 최댓값',
    '`(X + 2P − K)/S + 1` (with stride = size and no padding: `X / K`); channels kept':
        '`(X + 2P − K)/S + 1` (스트라이드 = 크기이고 패딩이 없으면 `X / K`); 채널은 그대로',
    'window size':
        '윈도우(풀링) 크기',
    'defaults to size':
        '기본값은 size',
    'mean of each window':
        '각 윈도우의 평균',
    'smallest value of each window':
        '각 윈도우의 최솟값',
    'all axes into one vector':
        '모든 축을 벡터 하나로 (평탄화)',
    'one axis of `Π shape`':
        '축 하나, `Π shape`',
    'the same elements in a new shape':
        '같은 원소를 새 형상으로',
    '`shape` (one `-1` allowed; the element count must match)':
        '`shape` (`-1` 하나 허용; 원소 수가 같아야 함)',
    'target shape; one size may be -1':
        '목표 형상; 크기 하나는 -1이어도 됨',
    'zeros around every spatial axis':
        '모든 공간 축 둘레의 0 (제로 패딩)',
    'int, per-axis, or [before, after] per axis':
        '정수, 축마다, 또는 축마다 [앞, 뒤]',
    'removes positions from the ends of every spatial axis':
        '모든 공간 축의 양 끝에서 위치를 잘라 냅니다',
    'repeats or interpolates positions':
        '위치를 반복하거나 보간합니다',
    '`X · scale` (`nearest` or `bilinear`)':
        '`X · scale` (`nearest` 또는 `bilinear`)',
    'integer factor per axis':
        '축마다 정수 배율',
    'one kernel per input channel (times multiplier)':
        '입력 채널마다 커널 하나 (multiplier배)',
    'as `conv`; channels `C · multiplier`':
        '`conv`처럼; 채널 `C · multiplier`',
    '`C · Π K · multiplier` weights, `C · multiplier` bias':
        '가중치 `C · Π K · multiplier`, 편향 `C · multiplier`',
    'kernels (output channels) per input channel':
        '입력 채널마다 커널(출력 채널) 수',
    'depthwise then pointwise (1×1) convolution':
        '깊이별 합성곱 다음 점별(1×1) 합성곱',
    'as `conv`; channels `filters`':
        '`conv`처럼; 채널 `filters`',
    'depthwise `C · Π K · multiplier` + pointwise `C · multiplier · filters` + `filters` bias (Keras `SeparableConv2D`)':
        '깊이별 `C · Π K · multiplier` + 점별 `C · multiplier · filters` + 편향 `filters` (Keras `SeparableConv2D`)',
    'mean of each channel':
        '각 채널의 평균',
    '`(C,)`, or `(1, 1, C)` with `keepdims`':
        '`(C,)`, `keepdims`이면 `(1, 1, C)`',
    'keep the spatial axes with size 1':
        '공간 축을 크기 1로 남기기',
    'largest value of each channel':
        '각 채널의 최댓값',
    'mean of each adaptive window':
        '각 적응형 윈도우의 평균',
    '`output`; window i reads `floor(i·X/O) … ceil((i+1)·X/O) − 1` (PyTorch)':
        '`output`; 윈도우 i는 `floor(i·X/O) … ceil((i+1)·X/O) − 1`을 읽습니다 (PyTorch)',
    'output size of each spatial axis':
        '각 공간 축의 출력 크기',
    'largest value of each adaptive window':
        '각 적응형 윈도우의 최댓값',
    'pools groups of neighbouring channels':
        '이웃한 채널들의 묶음을 풀링합니다',
    "channels pooled like an axis: `(C − size)/size + 1` (seed 004's depth-wise max pooling)":
        '채널을 축처럼 풀링: `(C − size)/size + 1` (seed 004의 깊이 방향 최대 풀링)',
    'channels pooled into one':
        '하나로 풀링하는 채널 수',
    'normalises each channel with batch statistics, then scales and shifts':
        '각 채널을 배치 통계로 정규화한 다음 크기를 조정하고 이동합니다',
    'γ, β: `2·C` trainable; running mean and variance: `2·C` non-trainable (buffers in PyTorch, outside `parameters()`)':
        'γ, β: 학습 가능 `2·C`; 이동 평균과 이동 분산: 학습 불가 `2·C` (PyTorch에서는 `parameters()` 밖의 버퍼)',
    "weight of the old running value (Keras; PyTorch's momentum is 1 − this)":
        '이전 이동값의 가중치 (Keras; PyTorch의 momentum은 1 − 이 값)',
    'added to the variance (Keras default; PyTorch uses 1e-5)':
        '분산에 더하는 값 (Keras 기본값; PyTorch는 1e-5)',
    'normalises the channels of each position, then scales and shifts':
        '각 위치의 채널들을 정규화한 다음 크기를 조정하고 이동합니다',
    'transposed (fractionally strided) convolution':
        '전치 합성곱 (분수 스트라이드)',
    '`(X − 1)·S − 2P + D·(K − 1) + output_padding + 1` (explicit padding as PyTorch; `same`/`valid` as Keras)':
        '`(X − 1)·S − 2P + D·(K − 1) + output_padding + 1` (숫자 패딩은 PyTorch처럼, `same`/`valid`는 Keras처럼)',
    '`C_in · Π K · filters/groups` weights, `filters` bias':
        '가중치 `C_in · Π K · filters/groups`, 편향 `filters`',
    'extra outputs at the end of each axis; below the stride':
        '각 축 끝에 더하는 출력 수; 스트라이드보다 작게',
    'most parameters in total':
        '전체 학습 파라미터의 최댓값',
    'most parameters in any one layer':
        '한 레이어의 학습 파라미터 최댓값',
    'most multiply-accumulates in total, per sample':
        '샘플 하나당 전체 곱셈-누적(MAC) 최댓값',
    "the shape the last layer must produce, in the spec's layout":
        '마지막 레이어가 만들어야 하는 형상, 스펙의 레이아웃으로',
    'leaky ReLU with a learned negative slope':
        '음수 기울기를 학습하는 leaky ReLU',
    '`slopes`: 1 (one), `C` (channel) or every element of the input (element)':
        '`slopes`: 1 (one), `C` (channel), 또는 입력의 원소마다 (element)',
    'one, channel or element (default: PyTorch one, Keras element)':
        'one, channel 또는 element (기본값: PyTorch는 one, Keras는 element)',
    'normalises groups of channels of each sample, then scales and shifts':
        '각 샘플의 채널 그룹을 정규화한 다음 크기를 조정하고 이동합니다',
    '`2·C` (none without `affine`)':
        '`2·C` (`affine`이 아니면 없음)',
    'groups the channels fall in (Keras default 32)':
        '채널을 나누는 그룹 수 (Keras 기본값 32)',
    'learn γ and β per channel':
        '채널마다 γ와 β를 학습할지',
    'normalises each channel of each sample over its positions':
        '각 샘플의 채널마다 위치들에 걸쳐 정규화합니다',
    '0; `2·C` with `affine`':
        '0; `affine`이면 `2·C`',
    "learn γ and β per channel (PyTorch's default: false)":
        '채널마다 γ와 β를 학습할지 (PyTorch 기본값: false)',
    'passes its input on unchanged':
        '입력을 그대로 넘깁니다',
    'reorders the axes (batch excluded)':
        '축의 순서를 바꿉니다 (배치 제외)',
    "the input's axes in the order `axes` lists them":
        '`axes`가 나열한 순서의 입력 축',
    'the axes in their new order, from 1, as the spec writes shapes':
        '새 순서의 축, 1부터, 스펙이 형상을 쓰는 대로',
    '`(X + 2P − D·(K − 1) − 1)/S + 1` (with stride = size, no padding or dilation: `X / K`); channels kept':
        '`(X + 2P − D·(K − 1) − 1)/S + 1` (stride = size이고 패딩과 팽창이 없으면 `X / K`); 채널 유지',
    '`X / r` (strict: r must divide X); channels `C · r²`':
        '`X / r` (strict: r이 X를 나누어야 함); 채널 `C · r²`',
    '`X · r`; channels `C / r²`':
        '`X · r`; 채널 `C / r²`',
    '`X · scale`, or `output` (`nearest`, `nearest_exact` or `bilinear`)':
        '`X · scale`, 또는 `output` (`nearest`, `nearest_exact` 또는 `bilinear`)',
    '`stats: stored`: mean and variance `2·C` plus the count 1, non-trainable; `stats: fixed`: 0':
        '`stats: stored`: 평균과 분산 `2·C`에 개수 1, 학습 불가; `stats: fixed`: 0',
    'added after scaling':
        '배율을 곱한 뒤 더하는 값',
    'bilinear: corner pixels of input and output aligned (PyTorch)':
        'bilinear: 입력과 출력의 모서리 픽셀을 맞춤 (PyTorch)',
    'block size r: each r×r block is r² channels':
        '블록 크기 r: r×r 블록 하나가 채널 r²개',
    'crd: channel c·r² + i·r + j (PyTorch); dcr: (i·r + j)·C + c (ONNX default, TensorFlow)':
        'crd: 채널 c·r² + i·r + j (PyTorch); dcr: (i·r + j)·C + c (ONNX 기본값, TensorFlow)',
    'factor, e.g. 1/255':
        '곱하는 배율, 예: 1/255',
    'integer factor per axis (2 unless output is given)':
        '축마다 정수 배율 (output이 없으면 2)',
    'moves each r×r block of a map into r² channels (`PixelUnshuffle`)':
        '맵의 r×r 블록을 채널 r²개로 옮깁니다 (`PixelUnshuffle`)',
    'moves r² channels into each r×r block of a map (`DepthToSpace`)':
        '채널 r²개를 맵의 r×r 블록으로 옮깁니다 (`DepthToSpace`)',
    'multiplies each channel by a learned factor (the `LayerScale` of `ConvNeXt`)':
        '채널마다 학습하는 배율을 곱합니다 (`ConvNeXt`의 `LayerScale`)',
    'multiplies every value by scale, then adds offset (Keras `Rescaling`)':
        '모든 값에 scale을 곱하고 offset을 더합니다 (Keras `Rescaling`)',
    'output size per axis, instead of scale':
        '축마다 출력 크기, scale 대신',
    'repeats or interpolates positions, by a factor or to a size':
        '위치를 반복하거나 보간합니다, 배율로 또는 크기에 맞춰',
    'spacing between window taps (PyTorch MaxPool)':
        '윈도우 원소 사이의 간격 (팽창, PyTorch MaxPool)',
    'stored: weights Keras sets by `adapt()`; fixed: constants given to it':
        'stored: Keras가 `adapt()`로 정하는 가중치; fixed: 만들 때 준 상수',
    'subtracts a mean and divides by a standard deviation per channel (Keras `Normalization`)':
        '채널마다 평균을 빼고 표준편차로 나눕니다 (Keras `Normalization`)',
    'zeros added on each side, valid (0), same, or `causal` (1-D: D·(K − 1) before)':
        '양쪽에 더하는 0의 수, valid (0), same, 또는 `causal` (1차원: 앞에 D·(K − 1))',
}

MESSAGES.update({
    # cnncalc import: 읽을 수 없는 모델 파일, 일부만 읽은 모델.
    "import.input-rank": "--input은 크기 {given}개, 모델의 입력은 {rank}개입니다",
    "import.dangling": "{name}이(가) 읽는 {tensor}을(를) 그 앞의 어떤 연산도 만들지 않습니다: "
                       "망가진 모델 파일",
    "import.unsupported": "가져올 수 없습니다: cnncalc에 {listed}에 해당하는 종류가 없습니다 "
                          "(처음: {first})",
    "fix.allow-unsupported": "--allow-unsupported로 그 첫 연산 앞까지 스펙을 씁니다",
    "import.stops": "스펙은 {name} ({what}) 앞에서 멈춥니다: cnncalc에 해당하는 종류가 "
                    "없습니다; 지원하지 않는 연산 모두 {count}개",
    "import.nothing": "가져올 것이 없습니다: 모델이 {name} ({what})(으)로 시작하는데, cnncalc에 "
                      "해당하는 종류가 없습니다",
    "import.no-input-size": "모델의 입력 크기를 알 수 없습니다",
    "fix.import-input": "크기를 주세요: cnncalc import {source} --input {example} -o spec.yaml",
    "import.shared-weights": "가져올 수 없습니다: 여러 번 호출되는 레이어가 가중치를 "
                             "공유하는데, 스펙은 호출마다 따로 셉니다: {shared}",
    "import.rounding-both": "풀링 레이어가 두 방향으로 반올림합니다 ({ceil}은(는) ceil_mode, "
                            "{floor}은(는) 아님): 스펙의 rounding은 하나입니다",
    "import.no-config-json": "Keras 아카이브가 아닙니다: config.json이 없습니다",
    "import.config-size": "config.json이 {size}바이트라고 밝힙니다, 모델 설정 상한 {cap} MiB보다 "
                          "큽니다",
    "import.zip-bomb": "config.json이 {ratio}배로 풀립니다 (zip 폭탄?); 거부합니다",
    "import.not-zip": "zip 아카이브가 아닙니다, .keras 파일은 zip입니다 ({detail})",
    "import.archive-unreadable": "아카이브를 읽을 수 없습니다: {detail}",
    "import.config-grew": "config.json이 헤더가 밝힌 것보다 큽니다; 거부합니다",
    "import.needs-h5py": ".h5 파일을 읽으려면 h5py가 필요합니다",
    "fix.save-keras": "또는 모델을 .keras로 저장하세요",
    "import.not-hdf5": "h5py가 읽을 수 있는 HDF5 파일이 아닙니다 ({detail})",
    "import.no-model-config": "Keras model_config가 없는 HDF5 파일입니다 (가중치만 있나요?)",
    "import.not-utf8": "설정이 UTF-8 텍스트가 아닙니다",
    "import.bad-json": "올바른 JSON이 아닙니다: {line}행 {column}열에서 {detail}",
    "import.json-deep": "JSON이 너무 깊이 중첩되었습니다",
    "import.no-class-name": "Keras 모델 설정이 아닙니다: 맨 위에 class_name Sequential, "
                            "Functional, Model이 없습니다",
    "import.unknown-config": "이 읽기 도구가 아는 Keras 모델 설정이 아닙니다 ({detail})",
    "import.outputs": "출력 {count}개",
    "import.unreadable": "읽을 수 없습니다: {detail}",
    "import.not-onnx": "ONNX 모델이 아닙니다 (protobuf 읽기 도구가 찾은 것: {detail})",
    "import.onnx-empty": "ONNX 모델이 아닙니다: 그래프에 노드가 없습니다",
    "import.inputs": "모델의 입력이 {count}개입니다; cnncalc 스펙의 입력은 하나입니다",
    "import.symbolic": "입력 {name}의 크기가 기호입니다 {dims}",
    "import.onnx-node": "노드 {label} ({op})이(가) ONNX의 정의와 다릅니다: {detail}",
    "import.torch-input": "PyTorch 모듈에는 입력 크기가 필요합니다",
    "fix.torch-input": "--input으로 배치 없이 주세요: --input 3x224x224",
    "import.needs-torch": "PyTorch 모듈을 가져오려면 torch가 필요합니다",
    "import.factory-failed": "{factory}() 실패: {detail}",
    "import.not-module": "{factory}()이(가) nn.Module이 아닌 {type}을(를) 돌려주었습니다",
    "import.no-file": "파일이 없습니다: {target}",
    "import.syntax": "{file}:{line}: 구문 오류: {detail}",
    "import.module-failed": "{target}을(를) 가져올 수 없습니다: {detail}",
    "import.no-attribute": "{target}에 {name}이(가) 없습니다",
    "import.no-colon-name": "{target}에 콜론 뒤의 이름이 없습니다",
    "fix.import-factory": "클래스나 nn.Module을 돌려주는 함수를 적으세요: {target}:Net",
    "import.trace-where": " ({file}:{line}, `{text}`)",
    "import.trace-control-flow": "텐서의 값이나 형상에 따른 Python 제어 흐름 (if/while)",
    "import.trace-value": "텐서의 값이나 크기를 보통의 Python 수로 씀",
    "import.untraceable": "torch.fx가 {model}.forward{where}을(를) 추적할 수 없습니다: {what}",
    "fix.untraceable": "플래그를 상수로 주거나 (torch.fx.symbolic_trace(..., "
                       "concrete_args=...)), 그 부분을 추적 밖에 두세요: 리프 모듈 "
                       "(Tracer.is_leaf_module)이나 torch.fx.wrap으로 감싼 함수; 또는 ONNX로 "
                       "내보내 그것을 가져오세요",
    "import.model-fails": "모델이 형상 {shape}의 입력에서 실패합니다: {detail}",
    "fix.model-fails": "--input을 확인하세요: 채널 먼저, 배치 없이",
    "import.torch-differs": "{layer}: cnncalc는 {engine}, torch는 {torch}; 틀린 수를 내지 "
                            "않도록 가져오기를 멈춥니다 (알려 주세요)",
    "unsupported.outputs": "출력이 여러 개인 모델",
    "unsupported.model-input": "모델 입력 {count}개 중 하나",
    "unsupported.second-input": "모델의 두 번째 입력",
    "unsupported.no-tensor": "어떤 연산도 계산하지 않는 텐서 ({tensor})",
    "unsupported.after": "{layer} 뒤의 연산, cnncalc가 그 형상을 계산할 수 없음",
    "unsupported.called": "{op}을(를) {count}번 호출 (가중치 공유)",
    "unsupported.attribute": "텐서 속성 ({target})",
    "unsupported.run-time": "실행 중에 계산되는 {what}",
    "unsupported.not-weight": "가중치가 아닌 {what}",
    "unsupported.pads-length": "{op}(pads 길이 {length})",
    "unsupported.uneven-pads": "{op}(양쪽이 다른 pads)",
    "unsupported.indices": "인덱스도 내는 {op}",
    "unsupported.not-every-axis": "{op} (모든 공간 축에 걸치지 않음)",
    "unsupported.rank": "{rank}차원 텐서의 {op}",
    "unsupported.constant": "상수와의 {op}",
    "unsupported.concat-run-time": "실행 중에 계산되는 값의 {op}",
    "unsupported.reshape-zero": "크기를 복사하는 {op} (0)",
    "unsupported.batch-or-channels": "배치나 채널의 {op}",
    "unsupported.one-bound": "경계가 하나인 {op}",
    "unsupported.batch": "배치의 {op}",
    "unsupported.scale-per-group": "그룹마다 배율이 있는 {op} (opset 18)",
    "unsupported.slopes": "기울기 형상이 {dims}인 {op}",
    "unsupported.no-scales": "scales도 sizes도 없는 {op}",
    "unsupported.scales": "{scales}배의 {op}",
    "unsupported.sizes": "크기 {sizes}(으)로의 {op}",
    "unsupported.no-affine": "affine 가중치가 없는 {op}",
    "unsupported.prelu-channels": "채널 {channels}개에 대한 {op}",
    "unsupported.clamp": "텐서로 또는 경계 하나로 하는 {op}",
    "unsupported.across-batch": "배치에 걸친 {op}",
    "unsupported.fraction": "분수 배율의 {op}",
    "unsupported.along-batch": "배치 축을 따른 {op}",
    "unsupported.indexing": "슬라이스가 아닌 방법의 텐서 인덱싱",
    "unsupported.slicing": "배치나 채널의 슬라이싱",
    "unsupported.per-channel": "{op}(채널마다 다른 {key})",
    "unsupported.arguments": "인수 {count}개의 {op}",
    "unsupported.divide-tensor": "수를 텐서로 나누는 {op}",
    "unsupported.divide-zero": "0으로 나누는 {op}",
    "unsupported.no-class-name": "class_name이 없는 레이어 ({name})",
    "unsupported.no-config": "config가 없는 {op}",
    "unsupported.bad-config": "config를 읽을 수 없는 {op} ({detail})",
    "wire.number-end": "수가 끝을 넘어갑니다",
    "wire.type": "{byte}바이트에 wire 형식 {wire}",
    "wire.field-end": "필드가 끝을 넘어갑니다",
    "wire.number-not-message": "메시지나 텍스트 자리에 수가 있습니다",
    "wire.empty": "파일이 비어 있습니다",
    "wire.no-graph": "그래프가 없습니다",
    "pattern.every": "{start} 이상의 모든 크기",
    "pattern.period": "k ≥ {k}일 때 {period}·k{rest}",
    "pattern.residues": "{start}부터 {period}·k + {rest}",
    "pattern.or": " 또는 ",
    "pattern.input": "입력",
    "free.target": "{target}: 스펙의 레이어로 LAYER.PARAM을 적으세요 (예: {example})",
    "free.param": "{target}: {kind}에 매개변수 {param}이(가) 없습니다; 있는 것: {params}",
    "free.none": "LAYER.PARAM을 하나 이상 적으세요",
    "free.range": "{item}: 범위는 MIN:MAX로 씁니다, 예: 0:100",
    "free.too-many": "조합 {total}개; 최대 {most}개: 범위를 좁히세요 (LAYER.PARAM=MIN:MAX)",
    "sizes.too-much": "레이어 {layers}개 × 크기 {sizes}개는 cnncalc sizes가 훑는 양보다 많습니다; "
                      "--range를 크기 {most}개 이하로 주세요",
    "cli.axis-sizes": "크기 하나나 축마다 하나씩 (예: 224x224) 적으세요, 받은 값: {value}",
    "cli.assignment": "KEY=VALUE로 적으세요, 받은 값: {value}",
    "cli.solve-kind": "{kind}은(는) 스트라이드가 있는 레이어 종류가 아닙니다; 다음 중 하나: {kinds} "
                      "(또는 --free와 함께 스펙을 주세요)",
    "cli.solve-set": "{kind}이(가) 찾는 것은 {searched}; {unknown}은(는) 아닙니다",
    "verify.memory-size": "512M이나 2G 같은 크기를 적으세요, 받은 값: {value}",
    "verify.memory": "{title}: 검증에 약 {needed}이(가) 필요하고 (가장 많은 곳은 레이어 "
                     "{layer}), --max-memory {allowed}보다 많습니다; --batch나 입력을 줄이거나 "
                     "--max-memory를 올리세요",
    "norm.no-affine": "γ, β 없음 (affine: false)",
    "prelu.slopes.one": "기울기 {count}개 ({slopes})",
    "prelu.slopes.many": "기울기 {count}개 ({slopes})",
    "export.layer": "레이어 {layer} ({kind}): {text}",
    "export.pool-dilation": "Keras 풀링에는 dilation이 없습니다 (PyTorch의 MaxPool에는 있음)",
    "export.pool-ceil": "Keras 풀링에는 ceil 모드가 없습니다 (rounding: ceil)",
    "export.transpose-groups": "Keras 전치 합성곱에는 groups가 없습니다",
    "export.output-padding": "Keras는 stride보다 작은 output_padding만 받습니다; {extra}, "
                             "strides {strides}",
    "export.separable-3d": "Keras에는 3차원 분리 합성곱이 없습니다",
    "export.depthwise-rank": "Keras의 깊이별 합성곱은 1차원과 2차원 맵만 받습니다",
    "export.align-corners": "Keras는 픽셀 중심 규칙으로만 크기를 바꿉니다 (align_corners)",
    "export.resize-rank": "Keras는 2차원 맵만 보간하고 크기를 바꿉니다; 이 맵은 {rank}차원입니다",
    "export.nearest": "Keras의 nearest 크기 변경은 픽셀 중심 규칙 (mode: nearest_exact)이고, "
                      "PyTorch의 nearest가 아닙니다",
    "export.adaptive": "Keras에는 적응형 풀링이 없고, {output}은(는) {input}을(를) 같은 "
                       "윈도우로 나누지 않습니다",
    "export.channel-pool-ceil": "Keras에는 ceil 모드가 필요한 채널 풀링이 없습니다",
    "export.subtract": "Keras의 Subtract는 입력 두 개를 받습니다, {count}개가 아니라",
    "export.stride-dilation": "Keras 합성곱은 strides > 1과 dilation_rate > 1 중 하나만 "
                              "받습니다, 둘 다는 아닙니다",
    "export.prelu-element": "PyTorch의 PReLU는 기울기 하나나 채널마다 하나를 학습합니다, 원소마다는 "
                            "아닙니다 (가장 가까운 것은 slopes: channel)",
    "draw.params": "파라미터 {count}",
    "torch.pool-half": "torch 풀링은 윈도우의 절반까지만 패딩합니다; padding {padding}, size "
                       "{size}",
    "torch.pool-window": "torch의 {module}은(는) 입력이 적어도 윈도우 {size}만큼 커야 하는데, "
                         "패딩 전 {sizes}입니다",
    "backend.unknown": "알 수 없는 백엔드 {name}; 다음 중 하나: {names}",
    "backend.missing": "{name} 백엔드에는 {package} 패키지가 필요한데 설치되어 있지 않습니다: "
                       "{install}",
    "backend.broken": "{name} 백엔드를 불러올 수 없습니다: {detail}; 패키지가 설치되었지만 "
                      "망가졌습니다, 다시 설치하세요: {install}",
    "backend.no-op": "{name} 백엔드에는 {kind}의 연산이 없습니다",
    "backend.cpu-only": "numpy 백엔드는 CPU에서만 돕니다; --device {device}에는 --backend torch가 "
                        "필요합니다",
    "backend.no-cuda": "--device cuda: 이 PyTorch ({version})에서는 CUDA를 쓸 수 없습니다",
    "check.no-match": "이 패턴에 맞는 파일이 없습니다",
    "check.no-specs": "{suffixes} 파일이 없는 디렉터리",
    "check.too-many": "디렉터리 항목 {count}개를 본 뒤 멈췄습니다; 더 작은 디렉터리나 더 좁은 "
                      "패턴을 적으세요",
    "check.vanished": "찾는 동안 사라졌습니다",
    "check.unreadable": "이 디렉터리를 읽을 수 없습니다: {reason}",
    "yaml.merge": "`<<`는 매핑만 병합합니다",
})
