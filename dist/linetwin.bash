# bash completion for linetwin: the commands, each command's options (read
# from `linetwin COMMAND --help`, so they never go stale) and scene files.
_linetwin() {
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "check run compare view snapshot sweep optimize trace schedule help --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    case $prev in
    --scenarios)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --out | -o)
        compopt -o filenames 2>/dev/null
        if [ "$cmd" = snapshot ]; then
            COMPREPLY=($(compgen -f -X '!*.png' -- "$cur") $(compgen -d -- "$cur"))
        elif [ "$cmd" = schedule ]; then
            COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        return
        ;;
    --events)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -f -X '!*.json*' -- "$cur") $(compgen -d -- "$cur"))
        return
        ;;
    --report)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.html' -- "$cur") $(compgen -d -- "$cur"))
        return
        ;;
    --gantt)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.png' -- "$cur") $(compgen -d -- "$cur"))
        return
        ;;
    --rule)
        COMPREPLY=($(compgen -W "fifo edd spt priority cr slack atc setup" -- "$cur"))
        return
        ;;
    --reps | --seed | --horizon | --warmup | -j | --jobs | --set | --at | --size | --speed | \
        --quit-after | --target-* | --vary | --design | --precision | --max-reps | --kpi | \
        --objective | --constraint | --delta | --alpha | --events-rep | --unit | --order)
        return # a value the user types
        ;;
    esac
    if [ "$cmd" = help ]; then
        COMPREPLY=($(compgen -W "check run compare view snapshot sweep optimize trace schedule" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        local opts
        opts=$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' |
            sed 's/^[ ,]*//' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    compopt -o filenames 2>/dev/null
    if [ "$cmd" = trace ]; then # event logs
        COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur"))
        return
    fi
    # Scene files (and folders to look into).
    COMPREPLY=($(compgen -f -X '!*.cfg' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _linetwin linetwin
