using System.Globalization;
using System.Numerics;

namespace MppSurvey.Core.Scoring;

/// <summary>
/// An exact non-negative rational number. docs/method.md (The index; Rounding and grades) wants a figure "the
/// same on every machine and in every export" and grades on a value rounded half away from zero: an NRR such as 35/9 is not exact
/// in <see cref="decimal"/>, and the 28-digit truncation of a sum of such NRRs can land just below a
/// true midpoint (x.xx5) and flip a grade. Sums and counts stay integers; only display converts.
/// </summary>
internal readonly struct Fraction : IEquatable<Fraction>
{
    private Fraction(BigInteger numerator, BigInteger denominator)
    {
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = gcd.IsZero ? numerator : numerator / gcd;
        Denominator = gcd.IsZero ? denominator : denominator / gcd;
    }

    /// <summary>Below this a numerator times 10^4 still fits in a long.</summary>
    private static readonly BigInteger MaxSmallNumerator = long.MaxValue / 10000;

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static Fraction Zero => new(BigInteger.Zero, BigInteger.One);

    public static Fraction Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        }

        if (numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "Scores are never negative.");
        }

        return new Fraction(numerator, denominator);
    }

    public static Fraction operator +(Fraction a, Fraction b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public Fraction Times(BigInteger factor) => new(Numerator * factor, Denominator);

    public Fraction DividedBy(BigInteger divisor) => new(Numerator, Denominator * divisor);

    public int CompareTo(Fraction other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Rounds to <paramref name="digits"/> decimals, half away from zero, without any intermediate truncation.</summary>
    public decimal RoundAwayFromZero(int digits)
    {
        // The index job scores hundreds of thousands of units: keep the common case in 64-bit integers.
        if (digits <= 4 && Numerator < MaxSmallNumerator && Denominator <= long.MaxValue)
        {
            var pow = digits switch { 0 => 1L, 1 => 10L, 2 => 100L, 3 => 1000L, _ => 10000L };
            var n = (long)Numerator * pow;
            var d = (long)Denominator;
            var q = Math.DivRem(n, d, out var r);
            if (r * 2 >= d)
            {
                q += 1;
            }
            return new decimal((int)(q & 0xFFFFFFFF), (int)(q >> 32), 0, false, (byte)digits);
        }

        var scale = BigInteger.Pow(10, digits);
        var scaled = Numerator * scale;
        var quotient = BigInteger.DivRem(scaled, Denominator, out var remainder);
        if (remainder * 2 >= Denominator)
        {
            quotient += 1;
        }

        // A decimal built from the scaled integer keeps exactly `digits` decimals (88.61, 100.00).
        return ToDecimalWithScale(quotient, digits);
    }

    /// <summary>The nearest <see cref="decimal"/> (28-29 significant digits), for display and JSON.</summary>
    public decimal ToDecimal()
    {
        // Fast path: decimal division of two exact 64-bit integers is already the nearest decimal
        // (28-29 significant digits), which is all that display and JSON need.
        if (Numerator <= long.MaxValue && Denominator <= long.MaxValue)
        {
            return (decimal)(long)Numerator / (long)Denominator;
        }

        // One scaled division instead of digit-by-digit: 28 significant digits, nearest, then the
        // trailing zeros dropped so that 18/5 reads 3.6 as it would on paper.
        var whole = BigInteger.Divide(Numerator, Denominator);
        var wholeDigits = whole.IsZero ? 0 : whole.ToString(CultureInfo.InvariantCulture).Length;
        var scale = Math.Clamp(28 - wholeDigits, 0, 28);
        var quotient = BigInteger.DivRem(Numerator * BigInteger.Pow(10, scale), Denominator, out var remainder);
        if (remainder * 2 >= Denominator)
        {
            quotient += 1;
        }
        while (scale > 0 && (quotient >= DecimalLimit || quotient % 10 == 0))
        {
            quotient = quotient >= DecimalLimit ? (quotient + 5) / 10 : quotient / 10;
            scale--;
        }
        var bytes = quotient.ToByteArray(isUnsigned: true, isBigEndian: false);
        Array.Resize(ref bytes, 12);
        return new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), false, (byte)scale);
    }

    private static readonly BigInteger DecimalLimit = BigInteger.Pow(2, 96);

    public double ToDouble() => (double)ToDecimal();

    public bool Equals(Fraction other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    private static decimal ToDecimalWithScale(BigInteger scaledValue, int digits)
    {
        var text = scaledValue.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var withPoint = digits == 0 ? text : string.Concat(text.AsSpan(0, text.Length - digits), ".", text.AsSpan(text.Length - digits));
        return decimal.Parse(withPoint, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }
}
